import {expect} from 'chai'
import {applyAmendPatch} from '../../../src/domain/amend-patch'
import {ApplicationContent} from '../../../src/domain/application'
import {validateApplication, ValidationContext} from '../../../src/domain/application-schema'
import {BusinessCalendar} from '../../../src/domain/business-calendar'
import {changedFields} from '../../../src/domain/field-changes'
import {SEED_OFFICE, seedApplicationInput} from '../../fixtures/seed-office'

const context: ValidationContext = {
  locale: 'ja', office: SEED_OFFICE, submissionDate: '2026-09-10', calendar: new BusinessCalendar(), minLeadBusinessDays: 4,
}

/** The seed application as stored: 1ANAC password reset, 1BNAC registration change, desired date 2026-09-16. */
const current = (): ApplicationContent => validateApplication(seedApplicationInput(), context)
const amended = (patch: unknown): ApplicationContent => validateApplication(applyAmendPatch(current(), patch), context)

describe('changedFields (nss amend --dry-run, issue 13)', () => {
  it('finds no change in an empty patch', () => {
    expect(changedFields(current(), amended({}))).to.deep.equal([])
  })

  it('names each changed field with its current and new value, a removed optional one as null', () => {
    const before = current()
    const changes = changedFields(before, amended({contact: {email: 'hanako@example.jp', fax: null}, remarks: '連絡先を変更'}))
    expect(changes).to.deep.equal([
      {field: 'contact.fax', current: before.contact.fax, new: null},
      {field: 'contact.email', current: before.contact.email, new: 'hanako@example.jp'},
      {field: 'remarks', current: before.remarks, new: '連絡先を変更'},
    ])
  })

  it('shows an entry removed as its fields going to null, and an entry part replaced field by field', () => {
    const before = current()
    const changes = changedFields(before, amended({entries: [
      {userCode: '1ANAC', remove: true},
      {userCode: '1BNAC', registration: {officeNameEn: 'OSAKA OFFICE'}},
    ]}))
    const reset = before.entries.find(e => e.userCode === '1ANAC')?.passwordReset
    const registration = before.entries.find(e => e.userCode === '1BNAC')?.registration ?? {}
    expect(changes).to.deep.include({field: 'entries.1ANAC.passwordReset.ids', current: reset?.ids, new: null})
    expect(changes).to.deep.include({field: 'entries.1ANAC.passwordReset.reason', current: reset?.reason, new: null})
    expect(changes).to.deep.include({field: 'entries.1BNAC.registration.officeNameEn', current: registration.officeNameEn ?? null, new: 'OSAKA OFFICE'})
    for (const key of Object.keys(registration).filter(k => k !== 'officeNameEn')) {
      expect(changes).to.deep.include({field: `entries.1BNAC.registration.${key}`, current: registration[key as keyof typeof registration], new: null})
    }
  })

  it('shows a switch to the earliest date as the desired date going to null', () => {
    const before = current()
    const changes = changedFields(before, amended({timing: 'earliest'}))
    expect(changes).to.deep.equal([
      {field: 'timing', current: before.timing, new: 'earliest'},
      {field: 'desiredDate', current: before.desiredDate, new: null},
    ])
  })
})

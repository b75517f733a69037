import {expect} from 'chai'
import {applyAmendPatch, toApplicationInput} from '../../../src/domain/amend-patch'
import {ApplicationContent} from '../../../src/domain/application'
import {validateApplication, ValidationContext} from '../../../src/domain/application-schema'
import {BusinessCalendar} from '../../../src/domain/business-calendar'
import {InvalidInputError, Issue} from '../../../src/domain/errors'
import {SEED_OFFICE, seedApplicationInput} from '../../fixtures/seed-office'

const context: ValidationContext = {
  locale: 'ja', office: SEED_OFFICE, submissionDate: '2026-09-10', calendar: new BusinessCalendar(), minLeadBusinessDays: 4,
}

/** The seed application as stored: 1ANAC password reset, 1BNAC registration change, desired date 2026-09-16. */
const current = (): ApplicationContent => validateApplication(seedApplicationInput(), context)

/** Patch, then validate again as the amend use case does. */
const amend = (patch: unknown): ApplicationContent => validateApplication(applyAmendPatch(current(), patch), context)

function patchIssues(patch: unknown, locale: 'ja' | 'en' = 'ja'): Issue[] {
  try {
    applyAmendPatch(current(), patch, locale)
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError)
    return (error as InvalidInputError).issues
  }
  expect.fail('the patch was accepted')
}

describe('applyAmendPatch', () => {
  it('with an empty patch gives back the application unchanged', () => {
    expect(amend({})).to.deep.equal(current())
  })

  it('converts content back to input form, with the desired date as YYYYMMDD', () => {
    const input = toApplicationInput(current())
    expect(input.desiredDate).to.equal('20260916')
    expect(validateApplication(input, context)).to.deep.equal(current())
  })

  it('merges contact fields and removes an optional one given as null', () => {
    const result = amend({contact: {phone: '03-5555-6666', fax: null}})
    expect(result.contact.phone).to.equal('0355556666')
    expect(result.contact).to.not.have.property('fax')
    expect(result.contact.name).to.equal('通関 太郎')
    expect(result.contact.title).to.equal('課長')
  })

  it('replaces remarks, and null clears them', () => {
    expect(amend({remarks: '至急お願いします'}).remarks).to.equal('至急お願いします')
    expect(amend({remarks: null}).remarks).to.equal('')
  })

  it('drops the desired date when switching to timing earliest without a date', () => {
    const result = amend({timing: 'earliest'})
    expect(result.timing).to.equal('earliest')
    expect(result.desiredDate).to.equal(null)
  })

  it('keeps timing date when only the desired date is given', () => {
    const result = amend({desiredDate: '20260924'})
    expect(result.timing).to.equal('date')
    expect(result.desiredDate).to.equal('2026-09-24')
  })

  it('keeps timing earliest when only a desired date is given, so validation then rejects the date', () => {
    const earliest = validateApplication({...seedApplicationInput(), timing: 'earliest', desiredDate: null}, context)
    const patched = applyAmendPatch(earliest, {desiredDate: '20260924'})
    expect(() => validateApplication(patched, context)).to.throw(InvalidInputError)
  })

  it('removes an entry named with remove: true and keeps the others', () => {
    const result = amend({entries: [{userCode: '1BNAC', remove: true}]})
    expect(result.entries.map((entry) => entry.userCode)).to.deep.equal(['1ANAC'])
  })

  it("replaces an entry's passwordReset and leaves its other part alone", () => {
    const base = validateApplication({
      ...seedApplicationInput(),
      entries: [{userCode: '1ANAC', passwordReset: {ids: ['A0A'], reason: '異動'}, registration: {managerNameEn: 'T.YAMADA'}}],
    }, context)
    const result = validateApplication(applyAmendPatch(base, {
      entries: [{userCode: '1anac', passwordReset: {ids: ['A01', 'A02'], reason: '退職のため'}}],
    }), context)
    expect(result.entries).to.deep.equal([{
      userCode: '1ANAC',
      passwordReset: {ids: ['A01', 'A02'], reason: '退職のため'},
      registration: {managerNameEn: 'T.YAMADA'},
    }])
  })

  it('replaces a registration as a whole and removes a part given as null', () => {
    const result = amend({entries: [
      {userCode: '1BNAC', registration: {addressEn: 'TOKYO TO CHIYODA KU 1-1'}},
      {userCode: '1ANAC', passwordReset: null, registration: {managerNameEn: 'K.SATO'}},
    ]})
    expect(result.entries).to.deep.equal([
      {userCode: '1ANAC', registration: {managerNameEn: 'K.SATO'}},
      {userCode: '1BNAC', registration: {addressEn: 'TOKYO TO CHIYODA KU 1-1'}},
    ])
  })

  it('adds an entry for a new user code at the end', () => {
    const result = amend({entries: [{userCode: '1CNAC', passwordReset: {ids: ['A0A'], reason: '紛失のため'}}]})
    expect(result.entries.map((entry) => entry.userCode)).to.deep.equal(['1ANAC', '1BNAC', '1CNAC'])
    expect(result.entries[2].passwordReset).to.deep.equal({ids: ['A0A'], reason: '紛失のため'})
  })

  it('leaves an entry with no part left for validation to reject', () => {
    const patched = applyAmendPatch(current(), {entries: [{userCode: '1BNAC', registration: null}]})
    expect(() => validateApplication(patched, context)).to.throw(InvalidInputError)
  })

  it('keeps a JSON "__proto__" key in contact as a key, so validation rejects it', () => {
    const patched = applyAmendPatch(current(), JSON.parse('{"contact": {"__proto__": {"name": "x"}}}'))
    expect(() => validateApplication(patched, context)).to.throw(InvalidInputError)
      .with.property('issues').that.deep.equals([{path: 'contact.__proto__', message: '「__proto__」は指定できない項目です。'}])
  })

  it('does not change the current content it is given', () => {
    const content = current()
    const before = JSON.stringify(content)
    applyAmendPatch(content, {contact: {name: '別人'}, entries: [{userCode: '1ANAC', remove: true}, {userCode: '1BNAC', registration: {officeNameEn: 'X'}}]})
    expect(JSON.stringify(content)).to.equal(before)
  })

  describe('rejects a patch it cannot merge', () => {
    for (const [name, patch] of [['null', null], ['a list', []], ['a number', 42], ['a string', 'amend']] as [string, unknown][]) {
      it(`that is ${name}`, () => {
        expect(patchIssues(patch)).to.deep.equal([{path: '', message: '修正内容はオブジェクト({ … })で指定してください。'}])
      })
    }

    it('with unknown top-level keys', () => {
      expect(patchIssues({remark: 'x', receiptNo: '2101910C'}).map((issue) => issue.path)).to.deep.equal(['remark', 'receiptNo'])
    })

    it('whose contact or entries have the wrong type', () => {
      expect(patchIssues({contact: 'x', entries: {userCode: '1ANAC'}})).to.deep.equal([
        {path: 'contact', message: '申込担当者情報はオブジェクト({ … })で指定してください。'},
        {path: 'entries', message: 'システム設定情報は配列([ … ])で指定してください。'},
      ])
    })

    it('with malformed entries, listing every problem with its path', () => {
      const issues = patchIssues({entries: [
        'x',
        {remove: true},
        {userCode: '1BNAC', remove: 'yes'},
        {userCode: '1ANAC', remove: true, passwordReset: null},
        {userCode: '1CNAC', remove: true},
        {userCode: 7},
        {userCode: '1DNAC', note: 'x'},
        {userCode: '1anac'},
      ]})
      expect(issues).to.deep.equal([
        {path: 'entries[0]', message: 'システム設定情報はオブジェクト({ … })で指定してください。'},
        {path: 'entries[1].userCode', message: '利用者コードを入力してください。'},
        {path: 'entries[2].remove', message: '削除する場合は remove に true を指定してください。'},
        {path: 'entries[3].remove', message: '削除を指定した利用者コード 1ANAC には、パスワード初期化・申込情報の修正を指定できません。'},
        {path: 'entries[4].userCode', message: '利用者コード 1CNAC はこの申込に含まれていないため、削除できません。'},
        {path: 'entries[5].userCode', message: '利用者コードは文字列で指定してください。'},
        {path: 'entries[6].note', message: '「note」は指定できない項目です。'},
        {path: 'entries[7].userCode', message: '利用者コード 1ANAC が修正内容の中で重複しています。'},
      ])
    })

    it('in English for locale en', () => {
      try {
        applyAmendPatch(current(), {entries: [{userCode: '1CNAC', remove: true}]}, 'en')
        expect.fail('the patch was accepted')
      } catch (error) {
        expect((error as InvalidInputError).message).to.equal('The amendment has 1 problem.')
        expect((error as InvalidInputError).issues).to.deep.equal([
          {path: 'entries[0].userCode', message: 'User code 1CNAC is not in this application, so it cannot be removed.'},
        ])
      }
    })
  })
})

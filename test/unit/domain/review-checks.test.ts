import {expect} from 'chai'
import type {FindingView} from '../../../src/domain/review-checks'
import {ApplicationContent, ApplicationEntry} from '../../../src/domain/application'
import {BusinessCalendar} from '../../../src/domain/business-calendar'
import {LocalDate} from '../../../src/domain/japan-time'
import {checkApplication, composeNotice, ReviewCheckContext} from '../../../src/domain/review-checks'
import {Locale} from '../../../src/domain/vocabulary'
import {SEED_OFFICE} from '../../fixtures/seed-office'

const application = (entries: ApplicationEntry[], desiredDate: LocalDate | null = null): ApplicationContent => ({
  contact: {name: '通関 太郎', kana: 'ツウカン タロウ', department: '第一営業部', phone: '0301234567', email: 'taro@example.jp'},
  timing: desiredDate ? 'date' : 'earliest',
  desiredDate,
  remarks: '',
  entries,
})

const context = (overrides: Partial<ReviewCheckContext> = {}): ReviewCheckContext => ({
  today: '2026-09-10', calendar: new BusinessCalendar(), minLeadBusinessDays: 4, locale: 'ja', ...overrides,
})

const codesOf = (findings: FindingView[]) => findings.map((finding) => finding.code)

describe('checkApplication', () => {
  it('finds nothing in a reset of every ID of a user code, a real change and a date that meets the lead', () => {
    const app = application([
      {userCode: '1BNAC', passwordReset: {ids: ['A0A', 'A01'], reason: '異動'}},
      {userCode: '1CNAC', passwordReset: {ids: ['A0A'], reason: '紛失'}, registration: {officeNameEn: 'YOKOHAMA OFFICE'}},
    ], '2026-09-16')
    expect(checkApplication(app, SEED_OFFICE, context())).to.deep.equal([])
  })

  describe('reset_selfservice', () => {
    const app = application([{userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A01'], reason: '異動'}}])

    it("refuses in the seed's words a reset the office can do itself through URY, naming the other IDs", () => {
      const findings = checkApplication(app, SEED_OFFICE, context())
      expect(codesOf(findings)).to.deep.equal(['reset_selfservice'])
      expect(findings[0].notice).to.equal(
        'こちらのパスワード初期化は承る事が出来ません。' +
        '同一利用者コード(1ANAC)のIDであればパスワード初期化(URY)ができるようになっています。' +
        '1ANACA0A, 1ANACA01 のパスワードは、1ANACA0B, 1ANACA02, 1ANACA03 からNACCSの「利用者情報登録(URY)」業務にて初期化してください。',
      )
      expect(findings[0].message).to.contain('1ANACA0B').and.contain('URY')
    })

    it('writes the notice in English for locale en', () => {
      const [finding] = checkApplication(app, SEED_OFFICE, context({locale: 'en'}))
      expect(finding.notice).to.match(/^We cannot accept this password initialization\. /)
      expect(finding.notice).to.contain('please initialize 1ANACA0A, 1ANACA01 from 1ANACA0B, 1ANACA02, 1ANACA03')
    })

    it('does not fire when the request covers every ID of the user code', () => {
      const all = application([{userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A0B', 'A01', 'A02', 'A03'], reason: '漏洩'}}])
      expect(checkApplication(all, SEED_OFFICE, context())).to.deep.equal([])
    })
  })

  describe('registration_unchanged', () => {
    it('finds a change whose every value equals the current registration, naming the fields', () => {
      const app = application([{userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE', managerNameEn: 'J.YAMADA'}}])
      const findings = checkApplication(app, SEED_OFFICE, context())
      expect(codesOf(findings)).to.deep.equal(['registration_unchanged'])
      expect(findings[0].notice).to.equal(
        '利用者コード 1BNAC の申込情報の修正内容(事業所名(英)・業務責任者名(英))は、現在の登録内容と変わりません。' +
        '変更内容をご確認の上、修正してください。',
      )
      const [english] = checkApplication(app, SEED_OFFICE, context({locale: 'en'}))
      expect(english.notice).to.contain('user code 1BNAC (Office name, Manager name) is the same as the current registration')
    })

    it('does not fire when at least one value differs', () => {
      const app = application([{userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE', managerNameEn: 'T.YAMADA'}}])
      expect(checkApplication(app, SEED_OFFICE, context())).to.deep.equal([])
    })
  })

  describe('desired date', () => {
    const app = application([{userCode: '1CNAC', registration: {officeNameEn: 'YOKOHAMA OFFICE'}}], '2026-09-16')

    it('finds a date that no longer meets the lead time as of today, with the new earliest date', () => {
      // From Friday 2026-09-11 the 16th is only 3 business days away; the 4th is Thursday the 17th.
      const findings = checkApplication(app, SEED_OFFICE, context({today: '2026-09-11'}))
      expect(codesOf(findings)).to.deep.equal(['desired_date_lead'])
      expect(findings[0].notice).to.equal(
        'NACCS登録希望日 2026/09/16 は、本日から4営業日以上先の日付ではないため、ご希望の日付で登録できません。' +
        '2026/09/17以降の日付を指定するか、NACCS反映タイミングを「最短の日程で登録を希望」に修正してください。',
      )
      expect(findings[0].message).to.equal('NACCS登録希望日 2026/09/16 は本日(2026/09/11)から4営業日以上先ではありません。')
    })

    it('finds a date that is no longer a business day (an extra closed day added after submission)', () => {
      // From 2026-09-09 the lead is still met (9/10, 9/11, 9/14, 9/15), so only the closure is found.
      const findings = checkApplication(app, SEED_OFFICE, context({today: '2026-09-09', calendar: new BusinessCalendar(['2026-09-16'])}))
      expect(codesOf(findings)).to.deep.equal(['desired_date_closed'])
      expect(findings[0].notice).to.contain('2026/09/16 はNACCSセンターの営業日ではない')
    })

    it('ignores timing earliest', () => {
      const earliest = application([{userCode: '1CNAC', registration: {officeNameEn: 'YOKOHAMA OFFICE'}}])
      expect(checkApplication(earliest, SEED_OFFICE, context({today: '2026-12-28'}))).to.deep.equal([])
    })
  })

  it('reports several findings in a stable order and composes one notice, a line each', () => {
    const app = application([
      {userCode: '1ANAC', passwordReset: {ids: ['A01'], reason: '異動'}},
      {userCode: '1BNAC', registration: {companyNameEn: 'NACCS TRADE COMPANY'}},
    ], '2026-09-22')
    for (const locale of ['ja', 'en'] as Locale[]) {
      const findings = checkApplication(app, SEED_OFFICE, context({today: '2026-09-17', locale}))
      expect(codesOf(findings)).to.deep.equal(['reset_selfservice', 'registration_unchanged', 'desired_date_closed', 'desired_date_lead'])
      const notice = composeNotice(findings)
      expect(notice.split('\n')).to.deep.equal(findings.map((finding) => finding.notice))
    }
  })

  it('composes an empty notice from no findings', () => {
    expect(composeNotice([])).to.equal('')
  })
})

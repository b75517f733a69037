import {expect} from 'chai'
import {ApplicationContent} from '../../../src/domain/application'
import {
  countCodePoints, validateApplication, validateDesiredDate, ValidationContext,
} from '../../../src/domain/application-schema'
import {BusinessCalendar} from '../../../src/domain/business-calendar'
import {InvalidInputError, Issue} from '../../../src/domain/errors'
import {Locale} from '../../../src/domain/vocabulary'
import {SEED_OFFICE, seedApplicationInput} from '../../fixtures/seed-office'

// Submitted on Thursday 2026-09-10: with a lead of 4 business days the earliest date is Wednesday
// 2026-09-16 (9/11, 9/14, 9/15, 9/16); 9/21–9/23 are holidays.
const calendar = new BusinessCalendar()
const context = (locale: Locale = 'ja'): ValidationContext => ({
  locale, office: SEED_OFFICE, submissionDate: '2026-09-10', calendar, minLeadBusinessDays: 4,
})

/** The issues validateApplication reports; fails the test when it accepts the input. */
function issuesOf(input: unknown, locale: Locale = 'ja'): Issue[] {
  try {
    validateApplication(input, context(locale))
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError)
    return (error as InvalidInputError).issues
  }
  expect.fail('the input was accepted')
}

const pathsOf = (issues: Issue[]) => issues.map((issue) => issue.path)
const messageAt = (issues: Issue[], path: string) => issues.find((issue) => issue.path === path)?.message

describe('validateApplication', () => {
  it('accepts the SPEC §3 example and returns normalized content', () => {
    const content: ApplicationContent = validateApplication(seedApplicationInput(), context())
    expect(content).to.deep.equal({
      contact: {
        name: '通関 太郎', kana: 'ツウカン タロウ', department: '第一営業部営業第三課', title: '課長',
        phone: '0301234567', fax: '0398765432', email: 'taro.tsukan@naccs.jp',
      },
      timing: 'date',
      desiredDate: '2026-09-16',
      remarks: '',
      entries: [
        {userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A01'], reason: '担当者の異動のため'}},
        {userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}},
      ],
    })
  })

  describe('normalization', () => {
    it('turns full-width digits and hyphens into a digits-only phone number', () => {
      const input = seedApplicationInput()
      input.contact.phone = '０３－１２３４－５６７８'
      input.contact.fax = '03-9876-5432'
      const content = validateApplication(input, context())
      expect(content.contact.phone).to.equal('0312345678')
      expect(content.contact.fax).to.equal('0398765432')
    })

    it('turns half-width katakana and the ideographic space into full-width katakana and a space', () => {
      const input = seedApplicationInput()
      input.contact.kana = 'ﾂｳｶﾝ　ﾀﾛｳ'
      expect(validateApplication(input, context()).contact.kana).to.equal('ツウカン タロウ')
    })

    it('trims text, upper-cases user codes and idents, and reads a full-width desired date', () => {
      const input = seedApplicationInput()
      input.contact.name = '  通関 太郎　'
      input.desiredDate = '２０２６０９１６'
      input.entries = [
        {userCode: ' １ａｎａｃ ', passwordReset: {ids: ['a0a', 'ａ０１'], reason: ' 異動 '}},
        {userCode: '1bnac', registration: {officeNameEn: 'ＴＯＫＹＯ　ＯＦＦＩＣＥ　２'}},
      ]
      const content = validateApplication(input, context())
      expect(content.contact.name).to.equal('通関 太郎')
      expect(content.desiredDate).to.equal('2026-09-16')
      expect(content.entries[0]).to.deep.equal({userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A01'], reason: '異動'}})
      expect(content.entries[1]).to.deep.equal({userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2'}})
    })

    it('leaves out an empty title and fax, and defaults remarks to an empty string', () => {
      const input = seedApplicationInput()
      input.contact.title = ''
      delete input.contact.fax
      delete input.remarks
      const content = validateApplication(input, context())
      expect(content.contact).to.not.have.property('title')
      expect(content.contact).to.not.have.property('fax')
      expect(content.remarks).to.equal('')
    })
  })

  describe('contact', () => {
    it('requires name, kana, department, phone and e-mail, in Japanese by default', () => {
      const input = seedApplicationInput()
      input.contact = {name: '', kana: '　', department: null}
      const issues = issuesOf(input)
      expect(pathsOf(issues)).to.deep.equal(['contact.name', 'contact.kana', 'contact.department', 'contact.phone', 'contact.email'])
      expect(messageAt(issues, 'contact.name')).to.equal('氏名を入力してください。')
      expect(messageAt(issues, 'contact.email')).to.equal('E-mailアドレスを入力してください。')
    })

    it('rejects a phone number that is not 10–11 digits, and a bad optional fax', () => {
      const input = seedApplicationInput()
      input.contact.phone = '03-1234-567'
      input.contact.fax = '0312345678901'
      const issues = issuesOf(input)
      expect(messageAt(issues, 'contact.phone')).to.equal('電話番号は数字10〜11桁で入力してください。')
      expect(messageAt(issues, 'contact.fax')).to.equal('FAX番号は数字10〜11桁で入力してください。')
    })

    it('accepts an 11-digit mobile number', () => {
      const input = seedApplicationInput()
      input.contact.phone = '090-1234-5678'
      expect(validateApplication(input, context()).contact.phone).to.equal('09012345678')
    })

    it('rejects kana that is not katakana', () => {
      const input = seedApplicationInput()
      input.contact.kana = 'つうかん たろう'
      expect(messageAt(issuesOf(input), 'contact.kana')).to.equal('氏名(フリガナ)は全角カタカナで入力してください。')
    })

    it('rejects an invalid e-mail address and one longer than 254 characters', () => {
      const input = seedApplicationInput()
      input.contact.email = 'taro@'
      expect(messageAt(issuesOf(input), 'contact.email')).to.equal('E-mailアドレスの形式が正しくありません。')
      input.contact.email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.jp`
      expect(input.contact.email.length).to.equal(255)
      expect(messageAt(issuesOf(input), 'contact.email')).to.equal('E-mailアドレスは254文字以内で入力してください。')
    })

    it('rejects too-long name (30), kana (60), department (60) and title (30) and accepts the limits', () => {
      const input = seedApplicationInput()
      input.contact.name = '山'.repeat(30)
      input.contact.kana = 'ア'.repeat(60)
      input.contact.department = '部'.repeat(60)
      input.contact.title = '長'.repeat(30)
      expect(() => validateApplication(input, context())).to.not.throw()
      input.contact.name = '山'.repeat(31)
      input.contact.kana = 'ア'.repeat(61)
      input.contact.department = '部'.repeat(61)
      input.contact.title = '長'.repeat(31)
      const issues = issuesOf(input)
      expect(pathsOf(issues)).to.deep.equal(['contact.name', 'contact.kana', 'contact.department', 'contact.title'])
      expect(messageAt(issues, 'contact.name')).to.equal('氏名は30文字以内で入力してください。')
      expect(messageAt(issues, 'contact.kana')).to.equal('氏名(フリガナ)は60文字以内で入力してください。')
    })
  })

  describe('remarks and reason (code points)', () => {
    it('accepts 240 emoji in remarks but rejects 241 characters', () => {
      const input = seedApplicationInput()
      input.remarks = '😀'.repeat(240)
      expect(input.remarks.length).to.equal(480) // UTF-16 units: a unit count would wrongly reject it
      expect(validateApplication(input, context()).remarks).to.equal('😀'.repeat(240))
      input.remarks = 'あ'.repeat(241)
      expect(messageAt(issuesOf(input), 'remarks')).to.equal('備考は240文字以内で入力してください。')
    })

    it('rejects a 241-character reason and requires one', () => {
      const input = seedApplicationInput()
      input.entries[0].passwordReset.reason = '理'.repeat(241)
      expect(messageAt(issuesOf(input), 'entries[0].passwordReset.reason'))
        .to.equal('パスワード初期化の希望理由は240文字以内で入力してください。')
      input.entries[0].passwordReset.reason = ' '
      expect(messageAt(issuesOf(input), 'entries[0].passwordReset.reason'))
        .to.equal('パスワード初期化の希望理由を入力してください。')
    })

    it('counts code points, not UTF-16 units', () => {
      expect(countCodePoints('😀あa')).to.equal(3)
      expect(countCodePoints('')).to.equal(0)
    })
  })

  describe('timing and desired date', () => {
    const withDate = (desiredDate: unknown) => ({...seedApplicationInput(), desiredDate})

    it('rejects 20260230, which is not a real date', () => {
      expect(messageAt(issuesOf(withDate('20260230')), 'desiredDate')).to.equal('NACCS登録希望日「20260230」は存在しない日付です。')
    })

    it('rejects a date that is not 8 digits', () => {
      for (const text of ['2026-09-16', '2026916', 'tomorrow']) {
        expect(messageAt(issuesOf(withDate(text)), 'desiredDate'), text)
          .to.equal('NACCS登録希望日は半角数字8桁で入力してください。例) 20190401')
      }
    })

    it('rejects the holiday 20260922 (国民の休日) although it meets the lead time', () => {
      const issues = issuesOf(withDate('20260922'))
      expect(issues).to.deep.equal([{
        path: 'desiredDate',
        message: 'NACCS登録希望日 2026/09/22 はNACCSセンターの営業日ではありません。営業日を指定してください。',
      }])
    })

    it('rejects a date 3 business days after submission when the lead is 4, naming the earliest date', () => {
      expect(issuesOf(withDate('20260915'))).to.deep.equal([{
        path: 'desiredDate',
        message: 'NACCS登録希望日は申込日から4営業日以上先の日付を指定してください(2026/09/16以降)。',
      }])
      expect(validateApplication(withDate('20260916'), context()).desiredDate).to.equal('2026-09-16')
    })

    it('requires a desired date with timing date', () => {
      for (const desiredDate of [undefined, null, '']) {
        expect(messageAt(issuesOf(withDate(desiredDate)), 'desiredDate'), String(desiredDate))
          .to.equal('「日付を指定して登録を希望」の場合は、NACCS登録希望日を入力してください。')
      }
    })

    it('rejects a desired date with timing earliest, and accepts earliest without one', () => {
      const input = seedApplicationInput()
      input.timing = 'earliest'
      expect(messageAt(issuesOf(input), 'desiredDate'))
        .to.equal('「最短の日程で登録を希望」の場合は、NACCS登録希望日を入力できません。')
      delete input.desiredDate
      const content = validateApplication(input, context())
      expect(content.timing).to.equal('earliest')
      expect(content.desiredDate).to.equal(null)
    })

    it('rejects an unknown timing', () => {
      expect(messageAt(issuesOf({...seedApplicationInput(), timing: 'soon'}), 'timing')).to.match(/^NACCS反映タイミングは earliest/)
    })

    it('validateDesiredDate returns the date with every problem', () => {
      const result = validateDesiredDate('20260912', {locale: 'en', submissionDate: '2026-09-10', calendar, minLeadBusinessDays: 4})
      expect(result.date).to.equal('2026-09-12')
      expect(result.problems).to.deep.equal([
        'Desired registration date 2026-09-12 is not a business day of NACCS Center: choose a business day.',
        'Desired registration date must be at least 4 business days after the application (2026-09-16 or later).',
      ])
    })
  })

  describe('entries', () => {
    it('requires at least one entry, whether the list is empty, null or missing', () => {
      const input = seedApplicationInput()
      for (const entries of [[], null, undefined]) {
        input.entries = entries
        expect(issuesOf(input), String(entries)).to.deep.equal([{path: 'entries', message: 'システム設定情報を1件以上指定してください。'}])
      }
      delete input.entries
      expect(issuesOf(input)).to.deep.equal([{path: 'entries', message: 'システム設定情報を1件以上指定してください。'}])
    })

    it("rejects another office's user code and an unknown one, naming the code", () => {
      const input = seedApplicationInput()
      input.entries = [
        {userCode: '2ANAC', passwordReset: {ids: ['A0A'], reason: '異動'}},
        {userCode: '9ZZZZ', registration: {managerNameEn: 'T.YAMADA'}},
      ]
      const issues = issuesOf(input)
      expect(issues).to.deep.equal([
        {path: 'entries[0].userCode', message: '利用者コード 2ANAC は事業所 NACCS01 の利用者コードではありません。'},
        {path: 'entries[1].userCode', message: '利用者コード 9ZZZZ は事業所 NACCS01 の利用者コードではありません。'},
      ])
    })

    it('rejects a second entry for the same user code, on the later entry', () => {
      const input = seedApplicationInput()
      input.entries.push({userCode: '1anac', registration: {managerNameEn: 'T.YAMADA'}})
      expect(issuesOf(input)).to.deep.equal([{
        path: 'entries[2].userCode',
        message: '利用者コード 1ANAC が重複しています。1つの利用者コードにつき1件で申し込んでください。',
      }])
    })

    it('requires a password reset or a registration change in each entry', () => {
      const input = seedApplicationInput()
      input.entries = [{userCode: '1CNAC'}, {userCode: '1BNAC', passwordReset: null, registration: null}]
      const issues = issuesOf(input)
      expect(pathsOf(issues)).to.deep.equal(['entries[0]', 'entries[1]'])
      expect(issues[0].message).to.equal('利用者コード 1CNAC のパスワード初期化または申込情報の修正を指定してください。')
    })

    it('rejects a malformed user code', () => {
      const input = seedApplicationInput()
      input.entries[0].userCode = '1ANACA0A'
      expect(messageAt(issuesOf(input), 'entries[0].userCode')).to.equal('利用者コードは半角英数字5桁で入力してください。')
    })
  })

  describe('password reset', () => {
    const withIds = (ids: unknown) => {
      const input = seedApplicationInput()
      input.entries[0].passwordReset.ids = ids
      return input
    }

    it('rejects a duplicated ident, also when it differs only in case', () => {
      expect(issuesOf(withIds(['A0A', 'A01', 'a0a']))).to.deep.equal([
        {path: 'entries[0].passwordReset.ids[2]', message: '利用者ID 1ANACA0A が重複しています。'},
      ])
    })

    it('rejects an ident that is not registered under the user code', () => {
      // A0B exists under 1ANAC but not under 1BNAC.
      const input = seedApplicationInput()
      input.entries[1] = {userCode: '1BNAC', passwordReset: {ids: ['A0A', 'A0B'], reason: '異動'}}
      expect(issuesOf(input)).to.deep.equal([
        {path: 'entries[1].passwordReset.ids[1]', message: '利用者ID 1BNACA0B は利用者コード 1BNAC に登録されていません。'},
      ])
    })

    it('requires at least one well-formed ident', () => {
      for (const ids of [[], null, undefined]) {
        expect(messageAt(issuesOf(withIds(ids)), 'entries[0].passwordReset.ids'), String(ids))
          .to.equal('パスワードを初期化する利用者IDを1件以上指定してください。')
      }
      const withoutIds = seedApplicationInput()
      delete withoutIds.entries[0].passwordReset.ids
      expect(pathsOf(issuesOf(withoutIds))).to.deep.equal(['entries[0].passwordReset.ids'])
      expect(messageAt(issuesOf(withIds(['A0', 'A01'])), 'entries[0].passwordReset.ids[0]'))
        .to.equal('識別番号は半角英数字3桁で入力してください。')
    })
  })

  describe('registration', () => {
    const withRegistration = (registration: unknown) => {
      const input = seedApplicationInput()
      input.entries[1].registration = registration
      return input
    }

    it('accepts every allowed character', () => {
      const addressEn = "TOKYO TO MINATO KU 1-2/3 & CO., (A) #4 O'HARA"
      const content = validateApplication(withRegistration({addressEn}), context())
      expect(content.entries[1].registration).to.deep.equal({addressEn})
    })

    it('rejects lower case and full-width katakana, naming the characters', () => {
      const issues = issuesOf(withRegistration({officeNameEn: 'Tokyo office', managerNameEn: 'ヤマダ'}))
      expect(pathsOf(issues)).to.deep.equal(['entries[1].registration.officeNameEn', 'entries[1].registration.managerNameEn'])
      expect(issues[0].message).to.match(/^事業所名\(英\)に使用できない文字「o」「k」「y」「f」「i」「c」「e」が含まれています。/)
      expect(issues[1].message).to.contain('「ヤ」「マ」「ダ」')
    })

    it('rejects half-width characters outside the set, such as @ and _', () => {
      const issues = issuesOf(withRegistration({companyNameEn: 'NACCS_TRADE@CO'}))
      expect(issues[0].message).to.contain('「_」「@」')
    })

    it('rejects values over 70 / 70 / 105 / 35 characters and accepts the limits', () => {
      const atLimit = {companyNameEn: 'C'.repeat(70), officeNameEn: 'O'.repeat(70), addressEn: 'A'.repeat(105), managerNameEn: 'M'.repeat(35)}
      expect(() => validateApplication(withRegistration(atLimit), context())).to.not.throw()
      const issues = issuesOf(withRegistration({
        companyNameEn: 'C'.repeat(71), officeNameEn: 'O'.repeat(71), addressEn: 'A'.repeat(106), managerNameEn: 'M'.repeat(36),
      }))
      expect(issues.map((issue) => issue.message)).to.deep.equal([
        '企業名(英)は70文字以内で入力してください。',
        '事業所名(英)は70文字以内で入力してください。',
        '事業所所在地(英)は105文字以内で入力してください。',
        '業務責任者名(英)は35文字以内で入力してください。',
      ])
    })

    it('requires at least one field', () => {
      expect(issuesOf(withRegistration({officeNameEn: ''}))).to.deep.equal([{
        path: 'entries[1].registration',
        message: '申込情報の修正は、企業名(英)・事業所名(英)・事業所所在地(英)・業務責任者名(英)のいずれかを入力してください。',
      }])
    })
  })

  describe('unknown keys', () => {
    it('rejects unknown keys at every level', () => {
      const input = seedApplicationInput()
      input.extra = 1
      input.contact.mobile = '09012345678'
      input.entries[0].note = 'x'
      input.entries[0].passwordReset.force = true
      input.entries[1].registration.systemClass = 'sea'
      const issues = issuesOf(input)
      expect(pathsOf(issues)).to.have.members([
        'extra', 'contact.mobile', 'entries[0].note', 'entries[0].passwordReset.force', 'entries[1].registration.systemClass',
      ])
      expect(messageAt(issues, 'contact.mobile')).to.equal('「mobile」は指定できない項目です。')
    })

    it('treats a JSON "__proto__" key as an unknown key, not as a prototype', () => {
      const input = JSON.parse(JSON.stringify(seedApplicationInput()).replace('{"contact"', '{"__proto__":{"x":1},"contact"'))
      expect(pathsOf(issuesOf(input))).to.deep.equal(['__proto__'])
    })
  })

  it('reports every problem of a bad document at once, with paths in document order', () => {
    const input = {
      contact: {name: '', kana: 'taro', department: '営業部', phone: '12345', email: 'not-an-email'},
      timing: 'date',
      desiredDate: '20260230',
      remarks: 'あ'.repeat(241),
      entries: [
        {userCode: '1ANAC', passwordReset: {ids: ['A0A', 'A0A', 'Z99'], reason: ''}},
        {userCode: '2ANAC', registration: {officeNameEn: 'tokyo'}},
        {userCode: '1ANAC', registration: {managerNameEn: 'T.YAMADA'}},
        {userCode: 5},
      ],
      unknown: true,
    }
    const issues = issuesOf(input)
    expect(pathsOf(issues)).to.deep.equal([
      'contact.name',
      'contact.kana',
      'contact.phone',
      'contact.email',
      'desiredDate',
      'remarks',
      'entries[0].passwordReset.ids[1]',
      'entries[0].passwordReset.ids[2]',
      'entries[0].passwordReset.reason',
      'entries[1].userCode',
      'entries[1].registration.officeNameEn',
      'entries[2].userCode',
      'entries[3]',
      'entries[3].userCode',
      'unknown',
    ])
  })

  it('writes messages in English for locale en', () => {
    const input = seedApplicationInput()
    input.contact.phone = '123'
    input.remarks = 'x'.repeat(241)
    input.entries[0].userCode = '2ANAC'
    const issues = issuesOf(input, 'en')
    expect(issues).to.deep.equal([
      {path: 'contact.phone', message: 'Phone number must be 10 or 11 digits.'},
      {path: 'remarks', message: 'Remarks must be at most 240 characters.'},
      {path: 'entries[0].userCode', message: 'User code 2ANAC does not belong to office NACCS01.'},
    ])
    try {
      validateApplication(input, context('en'))
    } catch (error) {
      expect((error as Error).message).to.equal('The application has 3 problems.')
    }
  })

  describe('garbage input gives InvalidInputError, never a crash', () => {
    const garbage: [string, unknown][] = [
      ['null', null], ['undefined', undefined], ['an array', []], ['a number', 42], ['a string', 'apply'],
      ['true', true], ['a Date', new Date(0)],
      ['entries a string', {entries: 'x'}],
      ['contact a list', {contact: [1, 2], timing: 7, desiredDate: {}, remarks: [], entries: [null, 'x', [], {}]}],
      ['parts of wrong types', {entries: [{userCode: [], passwordReset: 'A0A', registration: ['X']}]}],
      ['ids of wrong types', {entries: [{userCode: '1ANAC', passwordReset: {ids: [null, 1, {}, ['A0A']], reason: 3}}]}],
      ['deep nesting', {contact: JSON.parse('['.repeat(5000) + ']'.repeat(5000))}],
    ]
    for (const [name, input] of garbage) {
      it(`rejects ${name}`, () => {
        const issues = issuesOf(input)
        expect(issues).to.not.be.empty
        for (const issue of issues) {
          expect(issue.path).to.be.a('string')
          expect(issue.message).to.be.a('string').and.not.match(/Invalid input|undefined|\[object/)
        }
      })
    }

    it('names the type expected', () => {
      expect(issuesOf(null)).to.deep.equal([{path: '', message: '申込内容はオブジェクト({ … })で指定してください。'}])
      expect(messageAt(issuesOf({entries: 'x'}), 'entries')).to.equal('システム設定情報は配列([ … ])で指定してください。')
      expect(messageAt(issuesOf({contact: {phone: 312345678}}), 'contact.phone')).to.equal('電話番号は文字列で指定してください。')
    })
  })
})

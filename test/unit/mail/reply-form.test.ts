import {expect} from 'chai'
import {applyAmendPatch} from '../../../src/domain/amend-patch'
import {ApplicationContent} from '../../../src/domain/application'
import {validateApplication, ValidationContext} from '../../../src/domain/application-schema'
import {BusinessCalendar} from '../../../src/domain/business-calendar'
import {
  describeReplyFormIssue, formatReplyForm, isWithdrawalKeyword, parseReplyForm, ReplyForm, replyFormToAmendPatch,
} from '../../../src/domain/reply-form'
import {SEED_OFFICE, seedApplicationInput} from '../../fixtures/seed-office'

const context: ValidationContext = {
  locale: 'ja', office: SEED_OFFICE, submissionDate: '2026-09-10', calendar: new BusinessCalendar(), minLeadBusinessDays: 4,
}

/** The seed application as stored: 1ANAC password reset A0A/A01, 1BNAC office and manager names, 2026-09-16. */
const current = (): ApplicationContent => validateApplication(seedApplicationInput(), context)

/** What the office does: writes an action after 操作 / Action. */
function withAction(form: string, action: string): string {
  return form.replace(/^(操作|Action):$/m, `$1: ${action}`)
}

function parsedForm(text: string): ReplyForm {
  const result = parseReplyForm(text)
  if (result.status !== 'ok') expect.fail(`expected a form, got ${JSON.stringify(result)}`)
  return result.form
}

function problemsOf(text: string): string[] {
  const result = parseReplyForm(text)
  if (result.status !== 'invalid') expect.fail(`expected problems, got ${JSON.stringify(result)}`)
  return result.problems.map(p => describeReplyFormIssue(p, result.locale))
}

/** Amends the seed application with the form, as the mail bot will: patch, then validate again. */
function amendWith(form: ReplyForm): ApplicationContent {
  return validateApplication(applyAmendPatch(current(), replyFormToAmendPatch(form)), context)
}

describe('reply form (SPEC §11 step 5)', () => {
  describe('formatReplyForm', () => {
    it('writes the seed application between the Japanese markers, one line per field, 操作 left blank', () => {
      expect(formatReplyForm('2101910C', current(), 'ja').split('\n')).to.deep.equal([
        '-----ここから返信フォーム-----',
        '受付番号: 2101910C',
        '操作:',
        '申込担当者 氏名: 通関 太郎',
        '申込担当者 氏名(フリガナ): ツウカン タロウ',
        '申込担当者 所属部署名: 第一営業部営業第三課',
        '申込担当者 役職名: 課長',
        '申込担当者 電話番号: 0301234567',
        '申込担当者 FAX番号: 0398765432',
        '申込担当者 E-mailアドレス: taro.tsukan@naccs.jp',
        'NACCS反映タイミング: 日付を指定して登録を希望',
        'NACCS登録希望日: 20260916',
        '備考:',
        '[1ANAC] パスワード初期化: A0A, A01',
        '[1ANAC] パスワード初期化の希望理由: 担当者の異動のため',
        '[1BNAC] 事業所名(英): TOKYO OFFICE 2',
        '[1BNAC] 業務責任者名(英): T.YAMADA',
        '-----ここまで返信フォーム-----',
      ])
    })

    it('writes English labels and markers for an office in English', () => {
      const form = formatReplyForm('2101910C', current(), 'en')
      expect(form).to.match(/^----- BEGIN REPLY FORM -----\nReceipt number: 2101910C\nAction:\n/)
      expect(form).to.contain('\nTiming: On the date given\n')
      expect(form).to.contain('\n[1BNAC] Office name: TOKYO OFFICE 2\n')
      expect(form).to.match(/\n----- END REPLY FORM -----$/)
    })
  })

  describe('parseReplyForm', () => {
    it('reads an unchanged form back to the current values, and the patch amends nothing', () => {
      const form = parsedForm(withAction(formatReplyForm('2101910C', current(), 'ja'), '修正'))
      expect(form).to.deep.include({receiptNo: '2101910C', action: 'amend', locale: 'ja', timing: 'date', desiredDate: '20260916', remarks: ''})
      expect(form.contact).to.deep.equal(current().contact)
      expect(form.entries).to.deep.equal([
        {userCode: '1ANAC', remove: false, passwordResetIds: ['A0A', 'A01'], passwordResetReason: '担当者の異動のため', registration: {}},
        {userCode: '1BNAC', remove: false, registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}},
      ])
      expect(amendWith(form)).to.deep.equal(current())
    })

    it('reads the English form the same way', () => {
      const form = parsedForm(withAction(formatReplyForm('2101910C', current(), 'en'), 'amend'))
      expect(form.locale).to.equal('en')
      expect(amendWith(form)).to.deep.equal(current())
    })

    it('applies the lines the office changed: a new desired date, fewer IDs, a cleared registration field', () => {
      const text = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正')
        .replace('NACCS登録希望日: 20260916', 'NACCS登録希望日: 20260918')
        .replace('[1ANAC] パスワード初期化: A0A, A01', '[1ANAC] パスワード初期化: A0A')
        .replace('[1BNAC] 業務責任者名(英): T.YAMADA', '[1BNAC] 業務責任者名(英):')
      const amended = amendWith(parsedForm(text))
      expect(amended.desiredDate).to.equal('2026-09-18')
      expect(amended.entries).to.deep.equal([
        {userCode: '1ANAC', passwordReset: {ids: ['A0A'], reason: '担当者の異動のため'}},
        {userCode: '1BNAC', registration: {officeNameEn: 'TOKYO OFFICE 2'}},
      ])
    })

    it('accepts full-width colons, digits, letters and brackets (NFKC)', () => {
      const text = [
        '-----ここから返信フォーム-----',
        '受付番号：２１０１９１０Ｃ',
        '操作：修正',
        'NACCS登録希望日：２０２６０９１８',
        '［１ＢＮＡＣ］ 事業所名（英）：ＴＯＫＹＯ ＯＦＦＩＣＥ ３',
        '-----ここまで返信フォーム-----',
      ].join('\n')
      const form = parsedForm(text)
      expect(form).to.deep.include({receiptNo: '2101910C', action: 'amend', desiredDate: '20260918'})
      expect(form.entries).to.deep.equal([{userCode: '1BNAC', remove: false, registration: {officeNameEn: 'TOKYO OFFICE 3'}}])
    })

    it('accepts English labels in a Japanese form, and Action: withdraw', () => {
      const form = parsedForm('-----ここから返信フォーム-----\nReceipt number: 2101910C\nAction: withdraw\n-----ここまで返信フォーム-----')
      expect(form).to.deep.include({receiptNo: '2101910C', action: 'withdraw'})
      expect(parsedForm('----- BEGIN REPLY FORM -----\n受付番号: 2101910C\n操作: 取り下げ\n----- END REPLY FORM -----').action).to.equal('withdraw')
    })

    it('reads a form edited inside the quote (one level of > removed)', () => {
      const quoted = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正')
        .replace('NACCS登録希望日: 20260916', 'NACCS登録希望日: 20260924')
        .split('\n').map(line => `> ${line}`).join('\n')
      const text = `修正しました。よろしくお願いします。\n\n2026/09/10 10:00 NACCSセンター wrote:\n${quoted}\n`
      expect(amendWith(parsedForm(text)).desiredDate).to.equal('2026-09-24')
    })

    it('prefers a form in the new text over the quoted original', () => {
      const original = formatReplyForm('2101910C', current(), 'ja').split('\n').map(line => `> ${line}`).join('\n')
      const fresh = '-----ここから返信フォーム-----\n受付番号: 2101910C\n操作: 取下げ\n-----ここまで返信フォーム-----'
      expect(parsedForm(`${fresh}\n\n${original}`).action).to.equal('withdraw')
    })

    it('does not read a form quoted twice (>>)', () => {
      const twice = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正').split('\n').map(line => `>> ${line}`).join('\n')
      expect(parseReplyForm(twice)).to.deep.equal({status: 'absent'})
    })

    it('joins lines a mail client wrapped: with a space in English, directly in Japanese', () => {
      const text = [
        '-----ここから返信フォーム-----', '受付番号: 2101910C', '操作: 修正',
        '[1BNAC] 事業所所在地(英): TOKYO TO MINATO KU KOUNAN',
        '10-100-1 NACCS BLD. 20F',
        '[1ANAC] パスワード初期化: A0A',
        '[1ANAC] パスワード初期化の希望理由: 担当者の異動の',
        'ため',
        '-----ここまで返信フォーム-----',
      ].join('\n')
      const entries = parsedForm(text).entries
      expect(entries[0].registration.addressEn).to.equal('TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F')
      expect(entries[1].passwordResetReason).to.equal('担当者の異動のため')
    })

    it('reads whole user IDs (1ANACA0A) and Japanese separators in the ID list', () => {
      const text = '-----ここから返信フォーム-----\n受付番号: 2101910C\n操作: 修正\n[1ANAC] パスワード初期化: 1ANACA0A、a01\n-----ここまで返信フォーム-----'
      expect(parsedForm(text).entries[0].passwordResetIds).to.deep.equal(['A0A', 'A01'])
    })

    it('removes a user code with 削除: する, and a password reset whose lines are emptied', () => {
      const text = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正')
        .replace('[1ANAC] パスワード初期化: A0A, A01', '[1ANAC] パスワード初期化:')
        .replace('[1ANAC] パスワード初期化の希望理由: 担当者の異動のため', '[1ANAC] パスワード初期化の希望理由:\n[1CNAC] 事業所名(英): OSAKA OFFICE')
        .replace('[1BNAC] 業務責任者名(英): T.YAMADA', '[1BNAC] 業務責任者名(英): T.YAMADA\n[1BNAC] 削除: する')
      const patch = replyFormToAmendPatch(parsedForm(text))
      expect(patch.entries).to.deep.equal([
        {userCode: '1ANAC', passwordReset: null},
        {userCode: '1CNAC', registration: {officeNameEn: 'OSAKA OFFICE'}},
        {userCode: '1BNAC', remove: true},
      ])
    })

    it('removes an optional contact field left blank and keeps a blank required one for validation to report', () => {
      const text = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正')
        .replace('申込担当者 FAX番号: 0398765432', '申込担当者 FAX番号:')
        .replace('申込担当者 氏名: 通関 太郎', '申込担当者 氏名:')
      expect(replyFormToAmendPatch(parsedForm(text)).contact).to.include({fax: null, name: ''})
    })

    it('strips the <mailto:…> a mail client adds to an address', () => {
      const text = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正')
        .replace('E-mailアドレス: taro.tsukan@naccs.jp', 'E-mailアドレス: new@naccs.jp <mailto:new@naccs.jp>')
      expect(parsedForm(text).contact.email).to.equal('new@naccs.jp')
    })

    it('says there is no form when there is none', () => {
      expect(parseReplyForm('取下げをお願いします。')).to.deep.equal({status: 'absent'})
    })

    it('refuses a form returned without an action, naming 操作', () => {
      expect(problemsOf(formatReplyForm('2101910C', current(), 'ja'))).to.deep.equal([
        '3行目: 「操作:」の後に「修正」または「取下げ」と書いてください。',
      ])
    })

    it('lists every problem of a form at once, with line numbers, in the form\'s language', () => {
      const text = [
        '-----ここから返信フォーム-----', // 1
        '受付番号: 9999',               // 2
        '操作: 変更',                   // 3
        'NACCS反映タイミング: いつでも',   // 4
        'NACCS登録希望日: 2026年9月18日',  // 5
        '[1BNAC] 事業書名(英): X',        // 6
        '[1BN] 事業所名(英): X',          // 7
        '事業所名(英) TOKYO',             // 8
        '備考: a',                        // 9
        '備考: b',                        // 10
        '-----ここまで返信フォーム-----',
      ].join('\n')
      expect(problemsOf(text)).to.deep.equal([
        '2行目: 受付番号「9999」は申込受付番号(例: 2101910C)ではありません。',
        '3行目: 操作「変更」は指定できません。「修正」または「取下げ」と書いてください。',
        '4行目: NACCS反映タイミング「いつでも」は指定できません。「最短の日程で登録を希望」または「日付を指定して登録を希望」と書いてください。',
        '5行目: NACCS登録希望日「2026年9月18日」は半角数字8桁(例: 20190401)ではありません。',
        '6行目: 「[1BNAC] 事業書名(英)」は返信フォームの項目ではありません。',
        '7行目: [1BN] は利用者コード(半角英数字5桁、例: [1ANAC])ではありません。',
        '8行目: 「事業所名(英)」の後に「:」がありません。「項目名: 値」の形で書いてください。',
        '10行目: 「備考」の行が複数あります。',
      ])
    })

    it('gives the problems in English for an English form', () => {
      expect(problemsOf('----- BEGIN REPLY FORM -----\nReceipt number: 2101910C\nAction: maybe\n----- END REPLY FORM -----'))
        .to.deep.equal(['line 3: Action "maybe" is not possible: write "amend" or "withdraw".'])
    })

    it('never mails back a control character the sender wrote: a problem quoting an OSC or U+202E shows U+FFFD (issue 11 point 10)', () => {
      const problems = problemsOf('----- BEGIN REPLY FORM -----\nReceipt number: 2101910C\nAction: x\u001b]8;;https://evil.example/\u0007click\u202e\n'
        + 'Bad\u001b[31mlabel: y\n----- END REPLY FORM -----')
      expect(problems.length).to.be.at.least(2)
      for (const problem of problems) expect(problem).to.not.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
      expect(problems.join('\n')).to.include('\ufffd')
    })

    it('refuses a reply form value with an escape sequence through the one check, naming the field (issue 11 point 10)', () => {
      const form = parsedForm(withAction(formatReplyForm('2101910C', current(), 'ja'), '修正').replace(/^(備考):.*$/m, '$1: a\u001b[2Jb'))
      expect(() => amendWith(form)).to.throw().that.satisfies((error: {issues: {path: string}[]}) =>
        error.issues.some(issue => issue.path === 'remarks'))
    })

    it('refuses a form cut off before its end marker, and two forms', () => {
      const form = withAction(formatReplyForm('2101910C', current(), 'ja'), '修正')
      const cut = form.split('\n').slice(0, -1).join('\n')
      expect(problemsOf(cut)).to.deep.equal([
        '返信フォームの終わりの行「-----ここまで返信フォーム-----」がありません。フォームを最後まで残して返信してください。',
      ])
      expect(problemsOf(`${form}\n${form}`)).to.deep.equal(['返信フォームが複数あります。1つだけ残して返信してください。'])
    })

    it('still names the receipt number of a form with problems (to answer the right application)', () => {
      const result = parseReplyForm('-----ここから返信フォーム-----\n受付番号: 2101910C\n操作:\n-----ここまで返信フォーム-----')
      expect(result).to.deep.include({status: 'invalid', receiptNo: '2101910C'})
    })
  })

  describe('isWithdrawalKeyword', () => {
    it('recognises 取下げ, 取り下げ and withdraw alone on a line', () => {
      for (const line of ['取下げ', '取り下げ', ' 取下げ。', 'withdraw', 'Withdraw', 'ｗｉｔｈｄｒａｗ']) expect(isWithdrawalKeyword(line), line).to.equal(true)
      for (const line of ['取下げません', '修正', 'please withdraw it', '']) expect(isWithdrawalKeyword(line), line).to.equal(false)
    })
  })

  describe('replyFormToAmendPatch', () => {
    it('refuses a withdrawal form: it is no amendment', () => {
      const form = parsedForm('-----ここから返信フォーム-----\n受付番号: 2101910C\n操作: 取下げ\n-----ここまで返信フォーム-----')
      expect(() => replyFormToAmendPatch(form)).to.throw('withdraw')
    })
  })
})

/**
 * Properties of the reply-form grammar (SPEC §11 step 5), with fast-check: whatever text a mail brings,
 * `parseReplyForm` returns one of its typed results (absent / invalid with at least one problem / ok)
 * and never throws; a form it accepts turns into an amendment that the use case either applies or
 * refuses with InvalidInputError; and every valid application written with `formatReplyForm` reads
 * back to the same application, in both languages.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {applyAmendPatch} from '../../../src/domain/amend-patch'
import {ApplicationContent} from '../../../src/domain/application'
import {validateApplication} from '../../../src/domain/application-schema'
import {InvalidInputError} from '../../../src/domain/errors'
import {formatReplyForm, parseReplyForm, REPLY_FORM_MARKERS, ReplyFormParse, replyFormToAmendPatch} from '../../../src/domain/reply-form'
import {Locale} from '../../../src/domain/vocabulary'
import {validationContext, validApplicationInput} from '../../fixtures/arbitraries'
import {seedApplicationInput} from '../../fixtures/seed-office'

const RUNS = Number(process.env.NSS_PROPERTY_RUNS ?? 300)

/** The text of an unchanged form with an action written after 操作 / Action. */
function formWithAction(content: ApplicationContent, locale: Locale, action: string): string {
  return formatReplyForm('2101910C', content, locale).replace(/^(操作|Action):$/m, `$1: ${action}`)
}

/** Checks the shape of a result; for an accepted amendment, runs it as the mail bot does. */
function checkParse(result: ReplyFormParse, current: ApplicationContent): void {
  expect(['absent', 'invalid', 'ok']).to.include(result.status)
  if (result.status === 'invalid') {
    expect(result.problems.length, 'an invalid form names at least one problem').to.be.above(0)
    for (const problem of result.problems) expect([typeof problem.path, typeof problem.message]).to.deep.equal(['string', 'string'])
  }
  if (result.status !== 'ok' || result.form.action !== 'amend') return
  try {
    validateApplication(applyAmendPatch(current, replyFormToAmendPatch(result.form)), validationContext())
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    expect(error.issues.length).to.be.above(0)
  }
}

const SEED_CONTENT = validateApplication(seedApplicationInput(), validationContext())
const SEED_FORM = formWithAction(SEED_CONTENT, 'ja', '修正')
const LABELS = ['受付番号', '操作', '申込担当者 氏名', '申込担当者 電話番号', 'NACCS反映タイミング', 'NACCS登録希望日', '備考', '[1ANAC] パスワード初期化',
  '[1ANAC] パスワード初期化の希望理由', '[1BNAC] 事業所名(英)', '[1BNAC] 削除', '[ZZZZZ] 備考', '[1anac] 事業所名（英）', 'Receipt number', 'Action',
  'Timing', 'Remarks', 'Contact name', '日付', 'Bcc', '']
const VALUES = ['修正', '取下げ', 'amend', 'withdraw', '2101910C', '２１０１９１０Ｃ', '20260916', '2026/09/16', 'する', 'いいえ', 'A0A, A01', 'A0A、A0A',
  '最短の日程で登録を希望', '', ' ', ':', '::', '[', ']', '>', '-----ここまで返信フォーム-----']

/** A line a mail might carry in or around a form. */
const formLine = fc.oneof(
  fc.constantFrom(REPLY_FORM_MARKERS.ja.begin, REPLY_FORM_MARKERS.ja.end, REPLY_FORM_MARKERS.en.begin, REPLY_FORM_MARKERS.en.end, '', '>', '> > x'),
  fc.tuple(fc.constantFrom(...LABELS), fc.constantFrom(':', '：', ' : ', ''), fc.oneof(fc.constantFrom(...VALUES), fc.string({unit: 'binary', maxLength: 40})))
    .map(([label, colon, value]) => `${label}${colon}${value}`),
  fc.string({unit: 'binary', maxLength: 80}),
).chain(text => fc.constantFrom(text, `> ${text}`, `>${text}`, `＞ ${text}`, `  ${text}\t`))

describe('reply form: properties (fast-check)', () => {
  it('returns a typed result for any text at all, and never throws', () => {
    fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 2000}), text => {
      checkParse(parseReplyForm(text), SEED_CONTENT)
      checkParse(parseReplyForm(text, {locale: 'en'}), SEED_CONTENT)
    }), {numRuns: RUNS})
  })

  it('returns a typed result for any mix of markers, labels, values and quoting, in any line ending', () => {
    fc.assert(fc.property(fc.array(formLine, {maxLength: 40}), fc.constantFrom('\n', '\r\n', '\r'), (lines, end) => {
      checkParse(parseReplyForm(lines.join(end)), SEED_CONTENT)
    }), {numRuns: RUNS})
  })

  it('returns a typed result for any mutation of a valid form (lines dropped, doubled, edited, quoted, joined)', () => {
    const mutation = fc.oneof(
      fc.record({kind: fc.constant('drop' as const), at: fc.nat()}),
      fc.record({kind: fc.constant('double' as const), at: fc.nat()}),
      fc.record({kind: fc.constant('insert' as const), at: fc.nat(), line: formLine}),
      fc.record({kind: fc.constant('edit' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...VALUES), fc.string({unit: 'binary', maxLength: 300}))}),
      fc.record({kind: fc.constant('quote' as const), at: fc.nat()}),
      fc.record({kind: fc.constant('join' as const), at: fc.nat()}),
      fc.record({kind: fc.constant('wide' as const), at: fc.nat()}),
    )
    fc.assert(fc.property(fc.array(mutation, {minLength: 1, maxLength: 8}), mutations => {
      const lines = SEED_FORM.split('\n')
      for (const m of mutations) {
        const at = m.at % Math.max(1, lines.length)
        if (m.kind === 'drop') lines.splice(at, 1)
        else if (m.kind === 'double') lines.splice(at, 0, lines[at] ?? '')
        else if (m.kind === 'insert') lines.splice(at, 0, m.line)
        else if (m.kind === 'edit') lines[at] = `${(lines[at] ?? '').split(':')[0]}: ${m.value}`
        else if (m.kind === 'quote') lines[at] = `> ${lines[at] ?? ''}`
        else if (m.kind === 'join') lines.splice(at, 2, `${lines[at] ?? ''}${lines[at + 1] ?? ''}`)
        else lines[at] = (lines[at] ?? '').replace(/[!-~]/g, c => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
      }
      checkParse(parseReplyForm(lines.join('\n')), SEED_CONTENT)
    }), {numRuns: RUNS})
  })

  it('reads every valid application written by formatReplyForm back to the same application (ja and en)', () => {
    fc.assert(fc.property(validApplicationInput, fc.constantFrom<Locale>('ja', 'en'), (input, locale) => {
      const content = validateApplication(input, validationContext())
      const result = parseReplyForm(formWithAction(content, locale, locale === 'ja' ? '修正' : 'amend'))
      if (result.status !== 'ok') expect.fail(`the form did not read back: ${JSON.stringify(result)}\n${formatReplyForm('2101910C', content, locale)}`)
      expect(result.form).to.deep.include({receiptNo: '2101910C', action: 'amend', locale})
      const amended = validateApplication(applyAmendPatch(content, replyFormToAmendPatch(result.form), locale), validationContext())
      expect(amended).to.deep.equal(content)
    }), {numRuns: RUNS})
  })

  it('reads a withdrawal back from any valid application form, whatever else the form says', () => {
    fc.assert(fc.property(validApplicationInput, fc.constantFrom('取下げ', '取り下げ', 'withdraw', 'ＷＩＴＨＤＲＡＷ'), (input, word) => {
      const content = validateApplication(input, validationContext())
      const result = parseReplyForm(formWithAction(content, 'ja', word))
      expect(result.status === 'ok' && result.form.action, JSON.stringify(result)).to.equal('withdraw')
    }), {numRuns: Math.ceil(RUNS / 3)})
  })
})

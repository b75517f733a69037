/**
 * The reply form (SPEC §11 step 5): a block of `label: value` lines between two marker lines that the
 * query mail (確認依頼メール) carries, prefilled with the application's current values. The office
 * writes 修正 or 取下げ after 操作, fixes the lines the notice asks about and replies; the mail bot reads
 * the form back with `parseReplyForm` and amends through `replyFormToAmendPatch` (the patch format of
 * `nss amend`, src/domain/amend-patch.ts) or withdraws.
 *
 * Reading is forgiving the way SPEC §11 asks: NFKC first (full-width colons, digits, letters and
 * brackets become half-width), Japanese or English labels whatever the form's language, one level of
 * `>` quoting removed (a form edited inside the quote), and long lines that a mail client wrapped are
 * joined again. Anything it cannot read is a problem with its line number, never a silent guess.
 */
import {withoutControlCharacters} from './control-characters'
import type {ApplicationContent, Contact} from './application'
import type {Issue} from './errors'
import {toCompactDate} from './japan-time'
import {FIELD_LABELS} from './messages'
import {normalizeReceiptNo} from './receipt-number'
import {
  Locale, REGISTRATION_FIELD_LABELS, REGISTRATION_FIELDS, RegistrationField, Timing, TIMING_LABELS, USER_CODE_PATTERN,
} from './vocabulary'

/** What the office asks for in its reply: 修正 (amend) or 取下げ (withdraw). */
export type ReplyAction = 'amend' | 'withdraw'

/** The contact fields the form carries (申込担当者情報). */
export type ContactField = keyof Contact
const CONTACT_FIELDS: readonly ContactField[] = ['name', 'kana', 'department', 'title', 'phone', 'fax', 'email']
const OPTIONAL_CONTACT_FIELDS: readonly ContactField[] = ['title', 'fax']

/** The marker lines, per locale. Either language is recognised when reading. */
export const REPLY_FORM_MARKERS: Record<Locale, {begin: string; end: string}> = {
  ja: {begin: '-----ここから返信フォーム-----', end: '-----ここまで返信フォーム-----'},
  en: {begin: '----- BEGIN REPLY FORM -----', end: '----- END REPLY FORM -----'},
}

/** One user code's lines in a form. An absent property means its line was absent. */
export interface ReplyFormEntry {
  userCode: string
  /** `[1BNAC] 削除: する` — drop this user code from the application. */
  remove: boolean
  /** Identification numbers (A0A), from `[1ANAC] パスワード初期化: A0A, A01`; [] when the line is blank. */
  passwordResetIds?: string[]
  passwordResetReason?: string
  /** Registration fields given; '' when the line is blank (the field is dropped from the change). */
  registration: Partial<Record<RegistrationField, string>>
}

/** A reply form read back. Fields are present only when their line was. */
export interface ReplyForm {
  receiptNo: string
  action: ReplyAction
  /** The language of the markers (the office's locale when the desk wrote the form). */
  locale: Locale
  contact: Partial<Record<ContactField, string>>
  /** The line number of each contact line given, for problems that name it. */
  contactLines?: Partial<Record<ContactField, number>>
  timing?: Timing
  /** YYYYMMDD, or null when the line is blank. */
  desiredDate?: string | null
  remarks?: string
  entries: ReplyFormEntry[]
}

/** The outcome of reading a mail's text: no form at all, a form with problems, or a form. */
export type ReplyFormParse =
  | {status: 'absent'}
  | {status: 'invalid'; receiptNo: string | null; locale: Locale; problems: Issue[]}
  | {status: 'ok'; form: ReplyForm}

// ---------------------------------------------------------------------------------------------------
// Labels. The Japanese ones are the seed's screen labels; the English ones those of FIELD_LABELS.en.

type FieldKey =
  | 'receiptNo' | 'action' | 'timing' | 'desiredDate' | 'remarks'
  | `contact.${ContactField}`

type EntryFieldKey = 'passwordResetIds' | 'passwordResetReason' | 'remove' | `registration.${RegistrationField}`

const CONTACT_PREFIX: Record<Locale, string> = {ja: '申込担当者 ', en: ''}

/** The label the desk writes, per locale. */
function writtenLabel(locale: Locale, key: FieldKey | EntryFieldKey): string {
  const labels = FIELD_LABELS[locale]
  switch (key) {
    case 'receiptNo': return locale === 'ja' ? '受付番号' : 'Receipt number'
    case 'action': return locale === 'ja' ? '操作' : 'Action'
    case 'timing': return labels.timing
    case 'desiredDate': return labels.desiredDate
    case 'remarks': return labels.remarks
    case 'passwordResetIds': return labels['entries[].passwordReset']
    case 'passwordResetReason': return labels['entries[].passwordReset.reason']
    case 'remove': return locale === 'ja' ? '削除' : 'Remove'
    default:
      if (key.startsWith('contact.')) return `${CONTACT_PREFIX[locale]}${labels[key as `contact.${ContactField}`]}`
      return REGISTRATION_FIELD_LABELS[locale][key.slice('registration.'.length) as RegistrationField]
  }
}

/** Extra spellings people use for the same line. */
const ALIASES: Partial<Record<FieldKey | EntryFieldKey, string[]>> = {
  receiptNo: ['申込受付番号', 'Receipt No', 'Receipt No.'],
  timing: ['反映タイミング'],
  desiredDate: ['登録希望日'],
  passwordResetReason: ['希望理由', 'Reason'],
  'contact.name': ['氏名'],
  'contact.kana': ['氏名(フリガナ)', 'フリガナ'],
  'contact.department': ['所属部署名', '所属部課名'],
  'contact.title': ['役職名'],
  'contact.phone': ['電話番号'],
  'contact.fax': ['FAX番号'],
  'contact.email': ['E-mailアドレス', 'メールアドレス', 'Email', 'E-mail'],
}

/** Labels compare without spaces and case, after NFKC: `事業所名（英）` = `事業所名(英)` = `事業所名 (英)`. */
function labelKey(label: string): string {
  return label.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
}

const FIELD_KEYS: readonly FieldKey[] = [
  'receiptNo', 'action', ...CONTACT_FIELDS.map(f => `contact.${f}` as const), 'timing', 'desiredDate', 'remarks',
]
const ENTRY_FIELD_KEYS: readonly EntryFieldKey[] = [
  'passwordResetIds', 'passwordResetReason', ...REGISTRATION_FIELDS.map(f => `registration.${f}` as const), 'remove',
]

function buildLabelIndex<K extends string>(keys: readonly K[]): Map<string, K> {
  const index = new Map<string, K>()
  for (const key of keys) {
    const spellings = [writtenLabel('ja', key as never), writtenLabel('en', key as never), ...(ALIASES[key as FieldKey] ?? [])]
    for (const spelling of spellings) index.set(labelKey(spelling), key)
  }
  return index
}

const FIELD_INDEX = buildLabelIndex(FIELD_KEYS)
const ENTRY_FIELD_INDEX = buildLabelIndex(ENTRY_FIELD_KEYS)

const ACTION_WORDS: Record<ReplyAction, string[]> = {
  amend: ['修正', '修正する', 'amend'],
  withdraw: ['取下げ', '取り下げ', '取下', '取下げる', '取り下げる', 'withdraw'],
}
const TIMING_WORDS: Record<Timing, string[]> = {
  earliest: [TIMING_LABELS.ja.earliest, TIMING_LABELS.en.earliest, '最短', 'earliest'],
  date: [TIMING_LABELS.ja.date, TIMING_LABELS.en.date, '日付指定', '日付を指定', 'date'],
}
const REMOVE_WORDS = ['する', 'はい', '削除', 'yes', 'true', 'remove']
const KEEP_WORDS = ['', 'しない', 'いいえ', 'no', 'false']

function wordOf<K extends string>(table: Record<K, string[]>, value: string): K | null {
  const key = labelKey(value)
  for (const [word, spellings] of Object.entries(table) as [K, string[]][]) {
    if (spellings.some(s => labelKey(s) === key)) return word
  }
  return null
}

/**
 * Whether a reply's first line alone asks to withdraw (SPEC §11 step 5: 「取下げ」「取り下げ」 or
 * `withdraw` on a line by itself), e.g. 「取下げ」「取り下げます。」 are not both: only the bare word counts.
 */
export function isWithdrawalKeyword(line: string): boolean {
  const text = line.normalize('NFKC').trim().replace(/[。.!！]$/, '')
  return wordOf(ACTION_WORDS, text) === 'withdraw'
}

// ---------------------------------------------------------------------------------------------------
// Messages (user-facing text of the form, in one place per locale).

type ProblemKey =
  | 'unterminated' | 'several' | 'noReceiptNo' | 'badReceiptNo' | 'noAction' | 'badAction' | 'badTiming'
  | 'badDate' | 'badUserCode' | 'badRemove' | 'unknownLabel' | 'noColon' | 'duplicate' | 'stray' | 'empty' | 'emailByMail'

const PROBLEMS: Record<Locale, Record<ProblemKey, (p: {label?: string; value?: string}) => string>> = {
  ja: {
    unterminated: () => `返信フォームの終わりの行「${REPLY_FORM_MARKERS.ja.end}」がありません。フォームを最後まで残して返信してください。`,
    several: () => '返信フォームが複数あります。1つだけ残して返信してください。',
    empty: () => '返信フォームに項目がありません。',
    noReceiptNo: () => '「受付番号:」の行がありません。',
    badReceiptNo: ({value}) => `受付番号「${value}」は申込受付番号(例: 2101910C)ではありません。`,
    noAction: () => '「操作:」の後に「修正」または「取下げ」と書いてください。',
    badAction: ({value}) => `操作「${value}」は指定できません。「修正」または「取下げ」と書いてください。`,
    badTiming: ({value}) =>
      `NACCS反映タイミング「${value}」は指定できません。「${TIMING_LABELS.ja.earliest}」または「${TIMING_LABELS.ja.date}」と書いてください。`,
    badDate: ({value}) => `NACCS登録希望日「${value}」は半角数字8桁(例: 20190401)ではありません。`,
    badUserCode: ({value}) => `[${value}] は利用者コード(半角英数字5桁、例: [1ANAC])ではありません。`,
    badRemove: ({value}) => `削除「${value}」は指定できません。削除する場合は「する」と書いてください。`,
    unknownLabel: ({label}) => `「${label}」は返信フォームの項目ではありません。`,
    noColon: ({label}) => `「${label}」の後に「:」がありません。「項目名: 値」の形で書いてください。`,
    duplicate: ({label}) => `「${label}」の行が複数あります。`,
    stray: ({value}) => `この行は読み取れません:「${value}」`,
    emailByMail: ({label}) =>
      `「${label}」はメールでは変更できません。変更は、事業所のパスワードでログインして nss amend で行ってください。この行を元のアドレスに戻せば、ほかの修正はメールで行えます。申込担当者と事業所管理者にこのメールをお送りしています。`,
  },
  en: {
    unterminated: () => `The reply form has no end line "${REPLY_FORM_MARKERS.en.end}". Keep the whole form when you reply.`,
    several: () => 'There is more than one reply form. Keep only one.',
    empty: () => 'The reply form has no lines.',
    noReceiptNo: () => 'The "Receipt number:" line is missing.',
    badReceiptNo: ({value}) => `"${value}" is not a receipt number (e.g. 2101910C).`,
    noAction: () => 'Write "amend" or "withdraw" after "Action:".',
    badAction: ({value}) => `Action "${value}" is not possible: write "amend" or "withdraw".`,
    badTiming: ({value}) => `Timing "${value}" is not possible: write "${TIMING_LABELS.en.earliest}" or "${TIMING_LABELS.en.date}".`,
    badDate: ({value}) => `Desired registration date "${value}" is not 8 digits (e.g. 20190401).`,
    badUserCode: ({value}) => `[${value}] is not a user code (5 letters or digits, e.g. [1ANAC]).`,
    badRemove: ({value}) => `Remove "${value}" is not possible: write "yes" to remove the user code.`,
    unknownLabel: ({label}) => `"${label}" is not a line of the reply form.`,
    noColon: ({label}) => `"${label}" is not followed by ":". Write "label: value".`,
    duplicate: ({label}) => `The line "${label}" appears more than once.`,
    stray: ({value}) => `This line cannot be read: "${value}"`,
    emailByMail: ({label}) =>
      `"${label}" cannot be changed by mail. The office can change it with nss amend, logging in with its password. With this line back to the current address, the other changes can be made by mail. This mail goes to the contact person and the office administrator.`,
  },
}

/** A problem as one line for a person: `3行目: …` / `line 3: …`. */
export function describeReplyFormIssue(issue: Issue, locale: Locale): string {
  // A problem quotes what the sender wrote; its control characters are never mailed back (issue 11 point 10).
  const text = withoutControlCharacters(issue.message)
  const line = /^line (\d+)$/.exec(issue.path)
  if (!line) return text
  return locale === 'ja' ? `${line[1]}行目: ${text}` : `line ${line[1]}: ${text}`
}

// ---------------------------------------------------------------------------------------------------
// Writing.

/**
 * The reply form for an application, prefilled with its current values (SPEC §11 step 5). 操作 is left
 * blank on purpose: a reply that merely quotes the mail ("了解しました" above the quote) must not amend.
 * Remarks are written on one line (a newline in them becomes a space).
 */
export function formatReplyForm(receiptNo: string, content: ApplicationContent, locale: Locale): string {
  const line = (key: FieldKey | EntryFieldKey, value: string, userCode?: string): string =>
    `${userCode ? `[${userCode}] ` : ''}${writtenLabel(locale, key)}: ${value}`.trimEnd()
  const lines = [REPLY_FORM_MARKERS[locale].begin, line('receiptNo', receiptNo), line('action', '')]
  for (const field of CONTACT_FIELDS) lines.push(line(`contact.${field}`, oneLine(content.contact[field] ?? '')))
  lines.push(line('timing', TIMING_LABELS[locale][content.timing]))
  lines.push(line('desiredDate', content.desiredDate ? toCompactDate(content.desiredDate) : ''))
  lines.push(line('remarks', oneLine(content.remarks)))
  for (const entry of content.entries) {
    if (entry.passwordReset) {
      lines.push(line('passwordResetIds', entry.passwordReset.ids.join(', '), entry.userCode))
      lines.push(line('passwordResetReason', oneLine(entry.passwordReset.reason), entry.userCode))
    }
    for (const field of REGISTRATION_FIELDS) {
      const value = entry.registration?.[field]
      if (value !== undefined) lines.push(line(`registration.${field}`, oneLine(value), entry.userCode))
    }
  }
  lines.push(REPLY_FORM_MARKERS[locale].end)
  return lines.join('\n')
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim()
}

// ---------------------------------------------------------------------------------------------------
// Reading.

const MARKER_PATTERNS: {locale: Locale; begin: RegExp; end: RegExp}[] = [
  {locale: 'ja', begin: /^-{3,}\s*ここから返信フォーム\s*-{3,}$/, end: /^-{3,}\s*ここまで返信フォーム\s*-{3,}$/},
  {locale: 'en', begin: /^-{3,}\s*begin reply form\s*-{3,}$/i, end: /^-{3,}\s*end reply form\s*-{3,}$/i},
]

/**
 * Whether an unquoted line is the form's begin or end marker (either language), else null. The quote
 * stripping uses it to leave the lines of a form alone: the form parser judges them.
 */
export function replyFormMarkerOf(line: string): 'begin' | 'end' | null {
  const text = line.normalize('NFKC').trim()
  if (MARKER_PATTERNS.some(p => p.begin.test(text))) return 'begin'
  if (MARKER_PATTERNS.some(p => p.end.test(text))) return 'end'
  return null
}

interface SourceLine {
  /** 1-based line number in the text given. */
  number: number
  /** NFKC-normalised, trimmed, with the quoting of this level removed. */
  text: string
}

/** The text's lines with `level` levels of `>` quoting removed; lines quoted deeper keep their rest. */
function linesAtLevel(text: string, level: 0 | 1): SourceLine[] {
  return text.split(/\r\n|\r|\n/).map((raw, index) => {
    let line = raw.normalize('NFKC')
    if (level === 1) line = line.replace(/^\s*>\s?/, '')
    return {number: index + 1, text: line.trim()}
  })
}

interface FoundForm {
  locale: Locale
  lines: SourceLine[]
  terminated: boolean
}

/** The forms at one quoting level: unquoted lines only at level 0, one `>` removed at level 1. */
function findForms(all: SourceLine[]): FoundForm[] {
  const forms: FoundForm[] = []
  let current: {locale: Locale; end: RegExp; lines: SourceLine[]} | null = null
  for (const line of all) {
    if (line.text.startsWith('>')) continue // quoted deeper than this level
    if (current) {
      if (current.end.test(line.text)) {
        forms.push({locale: current.locale, lines: current.lines, terminated: true})
        current = null
      } else {
        current.lines.push(line)
      }
      continue
    }
    const begin = MARKER_PATTERNS.find(p => p.begin.test(line.text))
    if (begin) current = {locale: begin.locale, end: begin.end, lines: []}
  }
  if (current) forms.push({locale: current.locale, lines: current.lines, terminated: false})
  return forms
}

const LINE_PATTERN = /^(?:\[([^\]]*)\]\s*)?([^:]*?)\s*:\s*(.*)$/

/**
 * Whether the only reply form of a whole reply (its quote included) is the one the desk sent, as it was:
 * `sent` to the character, white space aside (clients wrap and re-indent quotes), unquoted (Outlook
 * quotes without `>`) or at one level of quote. Called for a reply whose new text has no form: such a
 * reply did not use the form — 操作 is blank as sent — and is a message from the office (issue 14), not
 * a form with a mistake.
 */
export function isFormAsSent(text: string, sent: string): boolean {
  let forms = findForms(linesAtLevel(text, 0))
  if (forms.length === 0) forms = findForms(linesAtLevel(text, 1))
  if (forms.length !== 1 || !forms[0].terminated) return false
  const squeeze = (lines: string[]) => lines.join('').normalize('NFKC').replace(/\s+/g, '')
  const sentLines = sent.split(/\r?\n/).filter(line => replyFormMarkerOf(line) === null)
  return squeeze(forms[0].lines.map(line => line.text)) === squeeze(sentLines)
}

/**
 * Reads the reply form in a mail's text (the new text, or the quote when the office edited the form
 * inside it). `locale` chooses the language of the problems; by default that of the form's markers.
 */
export function parseReplyForm(text: string, options: {locale?: Locale} = {}): ReplyFormParse {
  let forms = findForms(linesAtLevel(text, 0))
  if (forms.length === 0) forms = findForms(linesAtLevel(text, 1))
  if (forms.length === 0) return {status: 'absent'}
  const locale = options.locale ?? forms[0].locale
  const say = PROBLEMS[locale]
  if (forms.length > 1) return {status: 'invalid', receiptNo: null, locale, problems: [{path: '', message: say.several({})}]}
  return readForm(forms[0], locale)
}

interface FieldLine {
  number: number
  userCode: string | null
  key: FieldKey | EntryFieldKey
  label: string
  value: string
}

function readForm(found: FoundForm, locale: Locale): ReplyFormParse {
  const say = PROBLEMS[locale]
  const problems: Issue[] = []
  const at = (line: number | null, message: string) => problems.push({path: line === null ? '' : `line ${line}`, message})
  if (!found.terminated) at(null, say.unterminated({}))

  // Classify each line; a line that is none of ours continues the previous value (a wrapped line).
  const fields: FieldLine[] = []
  for (const line of found.lines) {
    if (line.text === '') continue
    const match = LINE_PATTERN.exec(line.text)
    const bracket = /^\[([^\]]*)\]\s*(.*)$/.exec(line.text)
    if (match) {
      const [, code, label, value] = match
      const userCode = code === undefined ? null : code.trim().toUpperCase()
      const key = userCode === null ? FIELD_INDEX.get(labelKey(label)) : ENTRY_FIELD_INDEX.get(labelKey(label))
      if (key) {
        if (userCode !== null && !USER_CODE_PATTERN.test(userCode)) {
          at(line.number, say.badUserCode({value: code}))
          continue
        }
        fields.push({number: line.number, userCode, key, label: label.trim(), value: value.trim()})
        continue
      }
      // `[1ANAC] …: …` or a short `label:` we do not know is a typo, not a wrapped value.
      if (userCode !== null || label.length <= 30) {
        at(line.number, say.unknownLabel({label: `${code === undefined ? '' : `[${code}] `}${label.trim()}`}))
        continue
      }
    }
    const startsWithLabel = bracket !== null || knownLabelAtStart(line.text)
    if (startsWithLabel) {
      at(line.number, say.noColon({label: line.text.split(/\s+/).slice(0, bracket ? 2 : 1).join(' ')}))
      continue
    }
    const previous = fields.at(-1)
    if (previous) previous.value = joinWrapped(previous.value, line.text)
    else at(line.number, say.stray({value: line.text}))
  }

  const form: ReplyForm = {receiptNo: '', action: 'amend', locale, contact: {}, entries: []}
  const seen = new Set<string>()
  let receiptNo: string | null = null
  let action: ReplyAction | null = null
  let hasReceiptLine = false
  let hasActionLine = false
  for (const field of fields) {
    const identity = `${field.userCode ?? ''}|${field.key}`
    if (seen.has(identity)) {
      at(field.number, say.duplicate({label: `${field.userCode ? `[${field.userCode}] ` : ''}${field.label}`}))
      continue
    }
    seen.add(identity)
    const value = field.value
    if (field.userCode !== null) {
      readEntryField(form, field, value, locale, at)
      continue
    }
    switch (field.key) {
      case 'receiptNo':
        hasReceiptLine = true
        receiptNo = normalizeReceiptNo(value)
        if (!receiptNo) at(field.number, say.badReceiptNo({value}))
        break
      case 'action':
        hasActionLine = true
        if (value === '') at(field.number, say.noAction({}))
        else if (!(action = wordOf(ACTION_WORDS, value))) at(field.number, say.badAction({value}))
        break
      case 'timing': {
        const timing = wordOf(TIMING_WORDS, value)
        if (timing) form.timing = timing
        else at(field.number, say.badTiming({value}))
        break
      }
      case 'desiredDate': {
        const digits = value.replace(/[-/\s]/g, '')
        if (value === '') form.desiredDate = null
        else if (/^\d{8}$/.test(digits)) form.desiredDate = digits
        else at(field.number, say.badDate({value}))
        break
      }
      case 'remarks':
        form.remarks = value
        break
      default: {
        const contactField = field.key.slice('contact.'.length) as ContactField
        form.contact[contactField] = stripMailto(value)
        form.contactLines = {...form.contactLines, [contactField]: field.number}
      }
    }
  }
  if (fields.length === 0 && problems.length === 0) at(null, say.empty({}))
  if (!hasReceiptLine) at(null, say.noReceiptNo({}))
  if (!hasActionLine) at(null, say.noAction({}))
  problems.sort((a, b) => lineOf(a) - lineOf(b))
  if (problems.length > 0 || !receiptNo || !action) return {status: 'invalid', receiptNo, locale, problems}
  return {status: 'ok', form: {...form, receiptNo, action}}
}

function readEntryField(
  form: ReplyForm, field: FieldLine, value: string, locale: Locale, at: (line: number, message: string) => void,
): void {
  const userCode = field.userCode!
  let entry = form.entries.find(e => e.userCode === userCode)
  if (!entry) form.entries.push(entry = {userCode, remove: false, registration: {}})
  switch (field.key) {
    case 'passwordResetIds':
      entry.passwordResetIds = value === '' ? [] : value.split(/[\s,、・;]+/).filter(Boolean).map(id => {
        const ident = id.toUpperCase()
        // A whole user ID (1ANACA0A) is accepted for its identification number.
        return ident.length === 8 && ident.startsWith(userCode) ? ident.slice(5) : ident
      })
      break
    case 'passwordResetReason':
      entry.passwordResetReason = value
      break
    case 'remove': {
      const key = labelKey(value)
      if (REMOVE_WORDS.some(w => labelKey(w) === key)) entry.remove = true
      else if (!KEEP_WORDS.some(w => labelKey(w) === key)) at(field.number, PROBLEMS[locale].badRemove({value}))
      break
    }
    default:
      entry.registration[field.key.slice('registration.'.length) as RegistrationField] = value
  }
}

/** Whether a line begins with one of the form's labels (a label missing its colon). */
function knownLabelAtStart(text: string): boolean {
  const key = labelKey(text)
  for (const label of [...FIELD_INDEX.keys(), ...ENTRY_FIELD_INDEX.keys()]) {
    if (label.length >= 2 && key.startsWith(label)) return true
  }
  return false
}

/**
 * Joins a line a mail client wrapped: with a space between two ASCII words (an English address wrapped
 * at a space), directly otherwise (Japanese is wrapped without one).
 */
function joinWrapped(previous: string, next: string): string {
  if (previous === '') return next
  const isAsciiEnd = /[\x21-\x7e]$/.test(previous)
  const isAsciiStart = /^[\x21-\x7e]/.test(next)
  return isAsciiEnd && isAsciiStart ? `${previous} ${next}` : `${previous}${next}`
}

/** Mail clients turn addresses into `taro@example.jp <mailto:taro@example.jp>` when they quote. */
function stripMailto(value: string): string {
  return value.replace(/\s*<mailto:[^>]*>$/i, '').trim()
}

function lineOf(issue: Issue): number {
  const match = /^line (\d+)$/.exec(issue.path)
  return match ? Number(match[1]) : 0
}

/**
 * The contact's e-mail address is not changed by mail (issue 11 point 2): the query mail can be
 * forwarded or read in a shared mailbox, and whoever holds it could otherwise redirect every later
 * mail (and the next signed reply address) to an address of theirs. A form that gives another address
 * than `currentEmail` is refused with the line named; the change is for `nss amend`, where the office
 * logs in with its password. Addresses compare without case.
 */
export function contactEmailChangeIssue(form: ReplyForm, currentEmail: string, locale: Locale): Issue | null {
  const given = form.contact.email
  if (given === undefined || given.trim().toLowerCase() === currentEmail.trim().toLowerCase()) return null
  const line = form.contactLines?.email
  return {path: line === undefined ? '' : `line ${line}`, message: PROBLEMS[locale].emailByMail({label: writtenLabel(locale, 'contact.email')})}
}

// ---------------------------------------------------------------------------------------------------
// To an amendment.

/** An amendment patch in the format of `nss amend --file` (src/domain/amend-patch.ts). */
export interface AmendPatch {
  contact?: Partial<Record<ContactField, string | null>>
  timing?: Timing
  desiredDate?: string | null
  remarks?: string
  entries?: Record<string, unknown>[]
}

/**
 * The amendment a form asks for, as an `nss amend` patch: every line of the form is a value to set, so
 * a form returned unchanged amends nothing. A blank optional contact line (役職名, FAX番号) removes it; a
 * blank 登録希望日 removes the date; for a user code, blank パスワード初期化 and 希望理由 lines remove the
 * password reset, blank registration lines leave those fields out of the change (all blank removes it),
 * and `削除: する` removes the user code. Validation of the result is the amend use case's (SPEC §3).
 */
export function replyFormToAmendPatch(form: ReplyForm): AmendPatch {
  if (form.action !== 'amend') throw new Error(`a ${form.action} form is not an amendment`)
  const patch: AmendPatch = {}
  const contactFields = Object.entries(form.contact) as [ContactField, string][]
  if (contactFields.length > 0) {
    patch.contact = Object.fromEntries(contactFields.map(([field, value]) =>
      [field, value === '' && OPTIONAL_CONTACT_FIELDS.includes(field) ? null : value]))
  }
  if (form.timing !== undefined) patch.timing = form.timing
  if (form.desiredDate !== undefined) patch.desiredDate = form.desiredDate
  if (form.remarks !== undefined) patch.remarks = form.remarks
  if (form.entries.length > 0) {
    patch.entries = form.entries.map(entry => {
      if (entry.remove) return {userCode: entry.userCode, remove: true}
      const item: Record<string, unknown> = {userCode: entry.userCode}
      if (entry.passwordResetIds !== undefined || entry.passwordResetReason !== undefined) {
        const ids = entry.passwordResetIds ?? []
        const reason = entry.passwordResetReason ?? ''
        item.passwordReset = ids.length === 0 && reason === '' ? null : {ids, reason}
      }
      const given = Object.entries(entry.registration) as [RegistrationField, string][]
      if (given.length > 0) {
        const values = given.filter(([, value]) => value !== '')
        item.registration = values.length === 0 ? null : Object.fromEntries(values)
      }
      return item
    })
  }
  return patch
}

/**
 * Validation of the offices master data that `nss office import` loads (SPEC §2). The input is the JSON
 * form shown there; the CSV reader (src/app/master-data-file.ts) builds the same shape from its rows, so
 * both formats obey one set of rules. Every problem is reported at once (SPEC §2: "one bad row rejects
 * the file with every error listed").
 */
import {z} from 'zod'
import {hasControlCharacters, withoutControlCharacters} from './control-characters'
import {InvalidInputError, IssueInput} from './errors'
import {OfficeRecord} from './master-data'
import type {MessageKey} from './messages'
import type {MasterDataChoice} from './messages/ja/master-data'
import {LocalText, text as localText} from './messages/text'
import {
  IDENT_PATTERN,
  LOCALES,
  Locale,
  METHOD_LABELS,
  OFFICE_CODE_PATTERN,
  PROCESSING_METHODS,
  ProcessingMethod,
  SYSTEM_CLASSES,
  SYSTEM_CLASS_LABELS,
  SystemClass,
  USER_CODE_PATTERN,
} from './vocabulary'

/** Upper-case half-width ASCII allowed in the English registration fields (SPEC §3, the NACCS rule). */
const REGISTRATION_TEXT_PATTERN = /^[A-Z0-9 .,\-/&'()#]+$/

/**
 * The validation messages of master data, in one place: texts of the master-data catalogue
 * (src/domain/messages/ja/master-data.ts), said in the reader's language when the error is printed.
 */
const MESSAGES = {
  required: localText('masterData.required'),
  mustBeText: localText('masterData.mustBeText'),
  mustBeObject: localText('masterData.mustBeObject'),
  mustBeList: localText('masterData.mustBeList'),
  unknownField: (key: string) => localText('masterData.unknownField', {key}),
  tooLong: (max: number) => localText('masterData.tooLong', {max}),
  controlCharacter: localText('masterData.controlCharacter'),
  officeCode: localText('masterData.officeCode'),
  userCode: localText('masterData.userCode'),
  ident: localText('masterData.ident'),
  email: localText('masterData.email'),
  registrationText: localText('masterData.registrationText'),
  unknownChoice: (what: MasterDataChoice, value: string, choices: string) => localText('masterData.unknownChoice', {what, value, choices}),
  noOffices: localText('masterData.noOffices'),
  noUserCodes: localText('masterData.noUserCodes'),
  noUserIds: localText('masterData.noUserIds'),
  duplicateOffice: (code: string, first: string) => localText('masterData.duplicateOffice', {code, first}),
  duplicateUserCode: (code: string, first: string) => localText('masterData.duplicateUserCode', {code, first}),
  duplicateIdent: (ident: string, userCode: string, first: string) => localText('masterData.duplicateIdent', {ident, userCode, first}),
  summary: (count: number) => localText('masterData.summary', {count}),
}

/**
 * Zod takes a string message while the schema is built, before anyone knows the reader's language: it
 * carries the catalogue key, and a custom issue the key's parameters in `params`. issueText turns them
 * back into the catalogue text once parsed.
 */
function zodMessage(said: LocalText): string {
  return said.key
}

/** Raises a catalogue text as a custom zod issue (see zodMessage). */
function raise(ctx: {issues: z.core.$ZodRawIssue[]}, said: LocalText, input: unknown): void {
  ctx.issues.push({code: 'custom', message: zodMessage(said), params: said.params as Record<string, unknown> | undefined, input})
}

/** The catalogue text of a parsed zod issue; a message of zod's own wording (none expected) stays as it is. */
function issueText(issue: z.core.$ZodIssue): string | LocalText {
  if (!issue.message.startsWith('masterData.')) return issue.message
  return {key: issue.message as MessageKey, params: issue.code === 'custom' ? issue.params : undefined}
}

/** SPEC §3 "input text is NFKC-normalized first": full-width letters and digits become half-width. */
function normalizeText(value: string): string {
  return value.normalize('NFKC').trim()
}

/** Lengths are counted in code points (SPEC §3), so a character outside the BMP counts once. */
function codePointLength(value: string): number {
  return [...value].length
}

/**
 * Master data is shown on one-line screens and in mail headers: a line break or a tab there would break
 * them. Beyond those, the one check of every actor's free text (control-characters.ts).
 */
const hasControlCharacter = (value: string) => /[\t\n\r]/.test(value) || hasControlCharacters(value)

/** A required text field: normalized, non-empty, at most `max` code points, optionally matching a pattern. */
function text(max: number, rule?: {pattern: RegExp, message: LocalText}) {
  return z.string().overwrite(normalizeText).check((ctx) => {
    // One message per field: an empty value is "required", not also "does not match".
    const message = ctx.value === '' ? MESSAGES.required
      : hasControlCharacter(ctx.value) ? MESSAGES.controlCharacter
        : codePointLength(ctx.value) > max ? MESSAGES.tooLong(max)
          : rule && !rule.pattern.test(ctx.value) ? rule.message
            : undefined
    if (message) raise(ctx, message, ctx.value)
  })
}

/** A code such as an office code: the pattern fixes its length, so no separate length rule. */
function code(pattern: RegExp, message: LocalText) {
  return text(Number.POSITIVE_INFINITY, {pattern, message})
}

/**
 * An enumerated value given by its code or by a label: the seed's screens write 共用, インタ and
 * インタ・POP3併用, so files typed from them use those words. Matching ignores ASCII case.
 */
function choice<T extends string>(what: MasterDataChoice, codes: readonly T[], aliases: ReadonlyMap<string, T>) {
  const choices = codes.join(', ')
  return z.string().transform((raw, ctx) => {
    const value = normalizeText(raw)
    const found = aliases.get(value.toLowerCase())
    if (found !== undefined) return found
    const message = value === '' ? MESSAGES.required : MESSAGES.unknownChoice(what, value, choices)
    raise(ctx, message, raw)
    return z.NEVER
  })
}

/** Codes, the labels of both locales from the vocabulary, and extra seed spellings, all lower-cased. */
function aliasMap<T extends string>(
  codes: readonly T[],
  labels: Record<Locale, Record<T, string>>,
  extra: Record<string, T>,
): ReadonlyMap<string, T> {
  const entries: [string, T][] = Object.entries(extra).map(([alias, value]) => [alias, value])
  for (const value of codes) {
    entries.push([value, value])
    for (const locale of LOCALES) entries.push([labels[locale][value], value])
  }
  return new Map(entries.map(([alias, value]) => [normalizeText(alias).toLowerCase(), value]))
}

const SYSTEM_CLASS_ALIASES = aliasMap<SystemClass>(SYSTEM_CLASSES, SYSTEM_CLASS_LABELS, {
  // The seed's 利用申込 screen spells the shared class out in full.
  海上・航空共用: 'shared',
})

const METHOD_ALIASES = aliasMap<ProcessingMethod>(PROCESSING_METHODS, METHOD_LABELS, {
  // The seed's contract screen lists 「インタラクティブ netNACCS インタ・POP3併用」.
  インタラクティブ: 'interactive',
})

const LOCALE_ALIASES = new Map<string, Locale>(LOCALES.map((locale) => [locale, locale]))

const userIdSchema = z.strictObject({
  ident: code(IDENT_PATTERN, MESSAGES.ident),
  method: choice('processingMethod', PROCESSING_METHODS, METHOD_ALIASES),
})

const userCodeSchema = z.strictObject({
  code: code(USER_CODE_PATTERN, MESSAGES.userCode),
  companyNameEn: text(70, {pattern: REGISTRATION_TEXT_PATTERN, message: MESSAGES.registrationText}),
  officeNameEn: text(70, {pattern: REGISTRATION_TEXT_PATTERN, message: MESSAGES.registrationText}),
  addressEn: text(105, {pattern: REGISTRATION_TEXT_PATTERN, message: MESSAGES.registrationText}),
  managerNameEn: text(35, {pattern: REGISTRATION_TEXT_PATTERN, message: MESSAGES.registrationText}),
  systemClass: choice('systemClass', SYSTEM_CLASSES, SYSTEM_CLASS_ALIASES),
  industry: text(20),
  userIds: z.array(userIdSchema).min(1, {error: zodMessage(MESSAGES.noUserIds)}),
})

const officeSchema = z.strictObject({
  code: code(OFFICE_CODE_PATTERN, MESSAGES.officeCode),
  name: text(100),
  adminName: text(60),
  // 254 is the longest address SMTP can carry (RFC 5321 §4.5.3.1.3 path limit less the brackets).
  adminEmail: text(254).pipe(z.email({error: zodMessage(MESSAGES.email)})),
  locale: choice('locale', LOCALES, LOCALE_ALIASES).default('ja'),
  userCodes: z.array(userCodeSchema).min(1, {error: zodMessage(MESSAGES.noUserCodes)}),
})

const masterDataSchema = z.strictObject({
  offices: z.array(officeSchema).min(1, {error: zodMessage(MESSAGES.noOffices)}),
})

/**
 * A data path as the messages show it: `offices[0].userCodes[1].code`; the root is ''.
 * The file reader maps these paths back to lines and columns.
 */
export function formatDataPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => typeof key === 'number' ? `${text}[${key}]`
    : text === '' ? String(key) : `${text}.${String(key)}`, '')
}

/** Zod's own wording for type errors is replaced by ours; every other issue already carries our message. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined
  return zodMessage(issue.input === undefined ? MESSAGES.required
    : issue.expected === 'array' ? MESSAGES.mustBeList
      : issue.expected === 'object' ? MESSAGES.mustBeObject
        : MESSAGES.mustBeText)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * Codes must be unique: office codes and user codes across the whole file (a user code belongs to one
 * office, SPEC §2), identification numbers within their user code. Checked on the raw input, so these
 * problems are reported together with every other one rather than only once the rest is valid.
 */
function findDuplicates(input: unknown, source: (path: string) => string): IssueInput[] {
  const issues: IssueInput[] = []
  const offices = new Map<string, string>()
  const userCodes = new Map<string, string>()
  const firstPath = (seen: Map<string, string>, value: unknown, path: string): string | undefined => {
    if (typeof value !== 'string' || normalizeText(value) === '') return undefined
    const key = normalizeText(value)
    const first = seen.get(key)
    if (first === undefined) seen.set(key, path)
    return first
  }
  listOf(isRecord(input) ? input.offices : undefined).forEach((office, i) => {
    if (!isRecord(office)) return
    const officePath = `offices[${i}]`
    const firstOffice = firstPath(offices, office.code, `${officePath}.code`)
    if (firstOffice !== undefined) {
      issues.push({path: `${officePath}.code`, message: MESSAGES.duplicateOffice(normalizeText(String(office.code)), source(firstOffice))})
    }
    listOf(office.userCodes).forEach((userCode, j) => {
      if (!isRecord(userCode)) return
      const userCodePath = `${officePath}.userCodes[${j}]`
      const codeText = typeof userCode.code === 'string' ? normalizeText(userCode.code) : ''
      const firstUserCode = firstPath(userCodes, userCode.code, `${userCodePath}.code`)
      if (firstUserCode !== undefined) {
        issues.push({path: `${userCodePath}.code`, message: MESSAGES.duplicateUserCode(codeText, source(firstUserCode))})
      }
      const idents = new Map<string, string>()
      listOf(userCode.userIds).forEach((userId, k) => {
        if (!isRecord(userId)) return
        const identPath = `${userCodePath}.userIds[${k}].ident`
        const firstIdent = firstPath(idents, userId.ident, identPath)
        if (firstIdent !== undefined) {
          issues.push({path: identPath, message: MESSAGES.duplicateIdent(normalizeText(String(userId.ident)), codeText, source(firstIdent))})
        }
      })
    })
  })
  return issues.map((issue) => ({path: source(issue.path), message: issue.message}))
}

/**
 * Validates and normalizes offices master data in the JSON form of SPEC §2 (`{"offices": [...]}`).
 * `source` turns a data path (see formatDataPath) into the location a reader can find, such as
 * `offices.csv:7:user_code`; it becomes each issue's path. Throws one InvalidInputError listing every
 * problem; nothing is returned unless the whole input is valid.
 */
export function validateMasterData(input: unknown, source: (path: string) => string): OfficeRecord[] {
  const result = masterDataSchema.safeParse(input, {error: describeIssue})
  const issues: IssueInput[] = []
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One issue per key, located at the key's own value, so a typo is easy to find.
      for (const key of issue.keys) issues.push({path: source(formatDataPath([...issue.path, key])), message: MESSAGES.unknownField(withoutControlCharacters(key))})
    } else {
      issues.push({path: source(formatDataPath(issue.path)), message: issueText(issue)})
    }
  }
  issues.push(...findDuplicates(input, source))
  if (issues.length > 0 || !result.success) throw new InvalidInputError(MESSAGES.summary(issues.length), issues)
  return result.data.offices
}

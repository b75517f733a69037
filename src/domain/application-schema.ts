/**
 * Validation of a system settings application (SPEC §3). Two passes over the NFKC-normalized input,
 * both always run so that every problem is reported at once:
 * 1. the zod schema: shapes, types, unknown keys, required fields, lengths and character sets;
 * 2. the rules that need the context (the office's master data, the business calendar, the submission
 *    date) or span several fields; they read the input defensively, so a malformed part elsewhere
 *    never hides them.
 */
import {z} from 'zod'
import {ApplicationContent, ApplicationEntry, Contact, RegistrationChange} from './application'
import {BusinessCalendar} from './business-calendar'
import {hasControlCharacters, withoutControlCharacters} from './control-characters'
import {InvalidInputError, Issue} from './errors'
import {LocalDate, parseCompactDate} from './japan-time'
import {OfficeRecord} from './master-data'
import {ExpectedType, FieldKey, FIELD_LABELS, fieldLabel, message, messagesIn} from './messages'
import {formatUserId, IDENT_PATTERN, Locale, REGISTRATION_FIELDS, Timing, TIMINGS, USER_CODE_PATTERN} from './vocabulary'

/** What validation needs besides the input. */
export interface ValidationContext {
  locale: Locale
  /** The applying office: its user codes and user IDs. */
  office: OfficeRecord
  /** The day (Japan time) the application is submitted; the lead time counts from it. */
  submissionDate: LocalDate
  calendar: BusinessCalendar
  minLeadBusinessDays: number
}

/** The part of the context the desired registration date needs. */
export type DesiredDateContext = Pick<ValidationContext, 'locale' | 'submissionDate' | 'calendar' | 'minLeadBusinessDays'>

/** Length limits of SPEC §3, in Unicode code points. */
export const LIMITS = {
  name: 30,
  kana: 60,
  department: 60,
  title: 30,
  email: 254,
  remarks: 240,
  reason: 240,
  companyNameEn: 70,
  officeNameEn: 70,
  addressEn: 105,
  managerNameEn: 35,
} as const

/** Registration info is half-width printable ASCII, upper case, from this set (SPEC §3). */
const REGISTRATION_CHAR = /[A-Z0-9 .,\-/&'()#]/
const KATAKANA = /^[ァ-ヶー ]+$/u
/** Hyphens people type in phone numbers, also after NFKC (which keeps U+2010–U+2015 and U+2212). */
const PHONE_HYPHENS = /[-‐‑‒–—―−ー]/g
const EMAIL = z.email()
/** Input nesting deeper than this cannot match the schema; normalization stops there. */
const MAX_DEPTH = 16

/** The length of a string in Unicode code points: an emoji counts as one, as a person counts (SPEC §3). */
export function countCodePoints(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

/**
 * Every string in a JSON-like value NFKC-normalized and trimmed (SPEC §3): full-width digits and
 * letters become half-width, half-width katakana full-width, the ideographic space a space.
 * Only arrays and plain objects are walked; anything else is returned as it is for the schema to reject.
 */
export function normalizeInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.normalize('NFKC').trim()
  if (depth >= MAX_DEPTH) return value
  if (Array.isArray(value)) return value.map((item) => normalizeInput(item, depth + 1))
  if (isPlainObject(value)) {
    // fromEntries defines own properties, so a JSON key "__proto__" stays a key (and is reported unknown).
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalizeInput(item, depth + 1)]))
  }
  return value
}

/** `['entries', 1, 'userCode']` → `entries[1].userCode`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else text += text === '' ? String(segment) : `.${String(segment)}`
  }
  return text
}

/** The label key of a path: indices become `[]` (`entries[1].userCode` → `entries[].userCode`). */
export function fieldKeyOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]')
}

/** The label of the field at a path; an unknown path is named by its last segment. */
export function labelOfPath(locale: Locale, path: string): string {
  const key = fieldKeyOf(path)
  if (key in FIELD_LABELS.ja) return fieldLabel(locale, key as FieldKey)
  return path.split('.').pop() ?? path
}

/**
 * Validate and normalize an application (SPEC §3). Returns the normalized content: trimmed text,
 * upper-case user codes and identification numbers, phone numbers as digits, `desiredDate` as
 * `YYYY-MM-DD` or null. Throws InvalidInputError listing every problem, in `ctx.locale`.
 */
export function validateApplication(input: unknown, ctx: ValidationContext): ApplicationContent {
  const normalized = normalizeInput(input)
  const parsed = applicationSchema(ctx.locale).safeParse(normalized, {reportInput: true})
  const issues: Issue[] = parsed.success ? [] : parsed.error.issues.flatMap((issue) => translateIssue(issue, ctx.locale))
  issues.push(...checkContextRules(normalized, ctx))
  if (issues.length > 0 || !parsed.success) {
    const sorted = sortIssues(dedupeIssues(issues))
    throw new InvalidInputError(message(ctx.locale, 'validation.summary', {count: sorted.length}), sorted)
  }
  return toContent(parsed.data)
}

/**
 * Check a desired registration date written `YYYYMMDD` (SPEC §3): 8 digits, a real date, a business day,
 * at least `minLeadBusinessDays` business days after the submission date. `date` is null when the text
 * is not a date at all; `problems` are messages in `ctx.locale`, empty when the date is acceptable.
 */
export function validateDesiredDate(text: string, ctx: DesiredDateContext): {date: LocalDate | null; problems: string[]} {
  const say = messagesIn(ctx.locale)
  if (!/^\d{8}$/.test(text)) return {date: null, problems: [say('application.desiredDateFormat')]}
  const date = parseCompactDate(text)
  if (date === null) return {date: null, problems: [say('application.desiredDateNotReal', {value: text})]}
  const problems: string[] = []
  if (!ctx.calendar.isBusinessDay(date)) problems.push(say('application.desiredDateClosed', {date}))
  if (!meetsLeadTime(ctx.calendar, ctx.submissionDate, date, ctx.minLeadBusinessDays)) {
    const earliest = earliestDesiredDate(ctx.calendar, ctx.submissionDate, ctx.minLeadBusinessDays)
    problems.push(say('application.desiredDateLead', {date, lead: ctx.minLeadBusinessDays, earliest}))
  }
  return {date, problems}
}

/** Whether `date` lies at least `lead` business days after `from` (SPEC §3, §8). */
export function meetsLeadTime(calendar: BusinessCalendar, from: LocalDate, date: LocalDate, lead: number): boolean {
  return calendar.businessDaysAfter(from, date) >= lead
}

/** The first date that meets the lead time counted from `from`: the `lead`-th business day after it. */
export function earliestDesiredDate(calendar: BusinessCalendar, from: LocalDate, lead: number): LocalDate {
  return calendar.addBusinessDays(from, lead)
}

// ---------------------------------------------------------------------------------------------------
// Pass 1: the schema

const schemas = new Map<Locale, ReturnType<typeof buildApplicationSchema>>()

/**
 * The schema of a locale, built once: it depends on nothing else, and building it (zod compiles each
 * object's parser on first use) cost more than validating with it (docs/performance.md, apply throughput).
 */
function applicationSchema(locale: Locale): ReturnType<typeof buildApplicationSchema> {
  let schema = schemas.get(locale)
  if (!schema) schemas.set(locale, schema = buildApplicationSchema(locale))
  return schema
}

/**
 * The schema of SPEC §3 with messages in `locale`. Fields accept null and missing and decide themselves
 * whether that is allowed, so "required" reads the same whatever was sent. Each such field ends in a
 * transform: zod skips an optional key that is missing unless a transform follows its checks.
 * The desk server's OpenAPI document describes the body of an application with its input side.
 */
export function buildApplicationSchema(locale: Locale) {
  const say = messagesIn(locale)
  const label = (field: FieldKey) => fieldLabel(locale, field)

  const text = (field: FieldKey, max: number, options: {required: boolean; check?: (value: string) => string | null}) =>
    z.string().nullish().superRefine((value, ctx) => {
      if (value === undefined || value === null || value === '') {
        if (options.required) ctx.addIssue({code: 'custom', message: say('validation.required', {field: label(field)})})
        return
      }
      // The one control-character check of every actor's free text (control-characters.ts).
      if (hasControlCharacters(value)) ctx.addIssue({code: 'custom', message: say('validation.controlChars', {field: label(field)})})
      if (countCodePoints(value) > max) {
        ctx.addIssue({code: 'custom', message: say('validation.tooLong', {field: label(field), max})})
      }
      const problem = options.check?.(value)
      if (problem) ctx.addIssue({code: 'custom', message: problem})
    }).transform((value) => value ?? '')

  const phone = (field: FieldKey, required: boolean) =>
    text(field, Number.MAX_SAFE_INTEGER, {
      required,
      check: (value) => (/^\d{10,11}$/.test(stripPhone(value)) ? null : say('validation.phone', {field: label(field)})),
    }).transform(stripPhone)

  const code = (field: FieldKey, pattern: RegExp, key: 'validation.userCodeFormat' | 'validation.identFormat') =>
    text(field, Number.MAX_SAFE_INTEGER, {
      required: true,
      check: (value) => (pattern.test(value.toUpperCase()) ? null : say(key, {field: label(field)})),
    }).transform((value) => value.toUpperCase())

  const registrationText = (field: FieldKey, max: number) =>
    text(field, max, {
      required: false,
      check: (value) => {
        const invalid = [...new Set([...value].filter((char) => !REGISTRATION_CHAR.test(char)))]
        return invalid.length > 0 ? say('validation.registrationChars', {field: label(field), invalid}) : null
      },
    })

  const contact = z.strictObject({
    name: text('contact.name', LIMITS.name, {required: true}),
    kana: text('contact.kana', LIMITS.kana, {
      required: true,
      check: (value) => (KATAKANA.test(value) ? null : say('validation.katakana', {field: label('contact.kana')})),
    }),
    department: text('contact.department', LIMITS.department, {required: true}),
    title: text('contact.title', LIMITS.title, {required: false}),
    phone: phone('contact.phone', true),
    fax: phone('contact.fax', false),
    email: text('contact.email', LIMITS.email, {
      required: true,
      check: (value) => (EMAIL.safeParse(value).success ? null : say('validation.email', {field: label('contact.email')})),
    }),
  })

  const passwordReset = z.strictObject({
    ids: z.array(code('entries[].passwordReset.ids[]', IDENT_PATTERN, 'validation.identFormat')).nullish()
      .superRefine((ids, ctx) => {
        if (!ids || ids.length === 0) {
          ctx.addIssue({code: 'custom', message: say('validation.atLeastOne', {field: label('entries[].passwordReset.ids')})})
        }
      })
      // A transform makes zod run the check when the key is missing, not only when it is null.
      .transform((ids) => ids ?? []),
    reason: text('entries[].passwordReset.reason', LIMITS.reason, {required: true}),
  })

  const registration = z.strictObject({
    companyNameEn: registrationText('entries[].registration.companyNameEn', LIMITS.companyNameEn),
    officeNameEn: registrationText('entries[].registration.officeNameEn', LIMITS.officeNameEn),
    addressEn: registrationText('entries[].registration.addressEn', LIMITS.addressEn),
    managerNameEn: registrationText('entries[].registration.managerNameEn', LIMITS.managerNameEn),
  }).superRefine((values, ctx) => {
    if (REGISTRATION_FIELDS.every((field) => values[field] === '')) {
      ctx.addIssue({code: 'custom', message: say('application.registrationEmpty')})
    }
  })

  const entry = z.strictObject({
    userCode: code('entries[].userCode', USER_CODE_PATTERN, 'validation.userCodeFormat'),
    passwordReset: passwordReset.nullish(),
    registration: registration.nullish(),
  })

  return z.strictObject({
    contact,
    timing: text('timing', Number.MAX_SAFE_INTEGER, {
      required: true,
      check: (value) => ((TIMINGS as readonly string[]).includes(value) ? null : say('application.timing')),
    }),
    // Format, calendar and lead time need the context: pass 2.
    desiredDate: z.string().nullish(),
    remarks: text('remarks', LIMITS.remarks, {required: false}),
    entries: z.array(entry).nullish().superRefine((entries, ctx) => {
      if (!entries || entries.length === 0) {
        ctx.addIssue({code: 'custom', message: say('validation.atLeastOne', {field: label('entries')})})
      }
    }).transform((entries) => entries ?? []),
  })
}

type ParsedApplication = z.output<ReturnType<typeof buildApplicationSchema>>

function stripPhone(value: string): string {
  return value.replace(PHONE_HYPHENS, '')
}

/** A zod issue as the desk's issues, with messages in `locale`. Custom issues carry their message. */
function translateIssue(issue: z.core.$ZodIssue, locale: Locale): Issue[] {
  const path = formatIssuePath(issue.path)
  const field = labelOfPath(locale, path)
  switch (issue.code) {
    case 'custom':
      return [{path, message: issue.message}]
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatIssuePath([...issue.path, key]),
        message: message(locale, 'validation.unknownField', {key: withoutControlCharacters(key)}),
      }))
    case 'invalid_type':
      if (issue.input === undefined) return [{path, message: message(locale, 'validation.required', {field})}]
      if (isExpectedType(issue.expected)) {
        return [{path, message: message(locale, 'validation.type', {field, expected: issue.expected})}]
      }
      return [{path, message: message(locale, 'validation.invalid', {field})}]
    default:
      return [{path, message: message(locale, 'validation.invalid', {field})}]
  }
}

function isExpectedType(expected: string): expected is ExpectedType {
  return ['string', 'object', 'array', 'boolean'].includes(expected)
}

/** The schema's output as the domain's ApplicationContent: optional text left out when empty. */
function toContent(data: ParsedApplication): ApplicationContent {
  const contact: Contact = {
    name: data.contact.name,
    kana: data.contact.kana,
    department: data.contact.department,
    phone: data.contact.phone,
    email: data.contact.email,
  }
  if (data.contact.title !== '') contact.title = data.contact.title
  if (data.contact.fax !== '') contact.fax = data.contact.fax
  const timing = data.timing as Timing
  const entries = data.entries.map((parsed): ApplicationEntry => {
    const entry: ApplicationEntry = {userCode: parsed.userCode}
    if (parsed.passwordReset) entry.passwordReset = {ids: parsed.passwordReset.ids, reason: parsed.passwordReset.reason}
    if (parsed.registration) {
      const registration: RegistrationChange = {}
      for (const field of REGISTRATION_FIELDS) {
        if (parsed.registration[field] !== '') registration[field] = parsed.registration[field]
      }
      entry.registration = registration
    }
    return entry
  })
  return {
    contact,
    timing,
    desiredDate: timing === 'date' && data.desiredDate ? parseCompactDate(data.desiredDate) : null,
    remarks: data.remarks,
    entries,
  }
}

// ---------------------------------------------------------------------------------------------------
// Pass 2: rules that need the context or span fields. The input may be anything: read it defensively
// and leave type errors to pass 1.

function checkContextRules(input: unknown, ctx: ValidationContext): Issue[] {
  if (!isPlainObject(input)) return []
  return [...checkTiming(input, ctx), ...checkEntries(input.entries, ctx)]
}

/** desiredDate is required iff timing is `date` (SPEC §3). */
function checkTiming(input: Record<string, unknown>, ctx: ValidationContext): Issue[] {
  const say = messagesIn(ctx.locale)
  const {timing, desiredDate} = input
  const hasDate = typeof desiredDate === 'string' && desiredDate !== ''
  if (timing === 'date' && !hasDate && (desiredDate === undefined || desiredDate === null || desiredDate === '')) {
    return [{path: 'desiredDate', message: say('application.desiredDateRequired')}]
  }
  if (!hasDate) return []
  if (timing === 'earliest') return [{path: 'desiredDate', message: say('application.desiredDateNotAllowed')}]
  return validateDesiredDate(desiredDate, ctx).problems.map((problem) => ({path: 'desiredDate', message: problem}))
}

/** One entry per user code, of this office, with a part; reset IDs unique and registered (SPEC §3). */
function checkEntries(entries: unknown, ctx: ValidationContext): Issue[] {
  if (!Array.isArray(entries)) return []
  const say = messagesIn(ctx.locale)
  const issues: Issue[] = []
  const seenCodes = new Set<string>()
  entries.forEach((entry: unknown, index) => {
    if (!isPlainObject(entry)) return
    const at = `entries[${index}]`
    const userCode = typeof entry.userCode === 'string' ? entry.userCode.toUpperCase() : ''
    const isWellFormedCode = USER_CODE_PATTERN.test(userCode)
    if (isAbsent(entry.passwordReset) && isAbsent(entry.registration)) {
      issues.push({path: at, message: say('application.entryEmpty', {userCode: isWellFormedCode ? userCode : ''})})
    }
    if (!isWellFormedCode) return
    if (seenCodes.has(userCode)) {
      issues.push({path: `${at}.userCode`, message: say('application.entryDuplicate', {userCode})})
      return
    }
    seenCodes.add(userCode)
    const record = ctx.office.userCodes.find((candidate) => candidate.code === userCode)
    if (!record) {
      issues.push({path: `${at}.userCode`, message: say('application.userCodeNotOffice', {userCode, office: ctx.office.code})})
      return
    }
    const reset = entry.passwordReset
    if (!isPlainObject(reset) || !Array.isArray(reset.ids)) return
    const seenIdents = new Set<string>()
    reset.ids.forEach((id: unknown, idIndex) => {
      if (typeof id !== 'string') return
      const ident = id.toUpperCase()
      if (!IDENT_PATTERN.test(ident)) return
      const path = `${at}.passwordReset.ids[${idIndex}]`
      const userId = formatUserId(userCode, ident)
      if (seenIdents.has(ident)) {
        issues.push({path, message: say('application.identDuplicate', {userId})})
        return
      }
      seenIdents.add(ident)
      if (!record.userIds.some((candidate) => candidate.ident === ident)) {
        issues.push({path, message: say('application.identUnknown', {userId, userCode})})
      }
    })
  })
  return issues
}

// ---------------------------------------------------------------------------------------------------
// Helpers

/** Whether a value is a JSON object (not null, not an array, not a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null
}

function dedupeIssues(issues: Issue[]): Issue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** The order fields appear in the document (SPEC §3), so issues read top to bottom. */
const FIELD_ORDER = [
  'contact', 'name', 'kana', 'department', 'title', 'phone', 'fax', 'email', 'timing', 'desiredDate', 'remarks',
  'entries', 'userCode', 'remove', 'passwordReset', 'ids', 'reason', 'registration', ...REGISTRATION_FIELDS,
]

/** Issues in document order: by field order, then by index; unknown keys after known ones. Stable. */
export function sortIssues(issues: Issue[]): Issue[] {
  const tokens = (path: string) => path.match(/[^.[\]]+/g) ?? []
  const rank = (token: string) => {
    if (/^\d+$/.test(token)) return Number(token)
    const position = FIELD_ORDER.indexOf(token)
    return position === -1 ? FIELD_ORDER.length : position
  }
  return [...issues].sort((a, b) => {
    const left = tokens(a.path)
    const right = tokens(b.path)
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (left[i] === right[i]) continue
      return rank(left[i]) - rank(right[i])
    }
    return left.length - right.length
  })
}

/**
 * The form check of a draft (一時保存, issue 13): what `nss draft save` refuses, before any rule. A draft
 * is unfinished by nature — a required field may be missing, a date in the past, a user code not yet
 * the office's — so only what makes it no application at all is refused: a document that is not an
 * object, a field the application (or the amendment patch) does not know, a part of the wrong JSON
 * shape, a text longer than its field allows, a draft larger than an input file may be. The known
 * fields are the application schema's own (buildApplicationSchema, walked here), with the patch's
 * extra `remove` of an entry, so a draft and a submission cannot disagree about which fields exist.
 * Every other problem is a submission's, listed by `nss draft show` and refused by `nss draft submit`.
 */
import {z} from 'zod'
import {buildApplicationSchema, countCodePoints, formatIssuePath, isPlainObject, labelOfPath, LIMITS} from './application-schema'
import {InvalidInputError, Issue} from './errors'
import {message} from './messages'
import type {Locale} from './vocabulary'

/** A draft as JSON is at most this large: the cap of an input file (src/app/input-file.ts, 4 MiB). */
export const MAX_DRAFT_BYTES = 4 * 1024 * 1024

/** A text without a limit of its own (a code, a phone number, a date) is at most this long in a draft. */
export const MAX_DRAFT_TEXT = 254

type Path = (string | number)[]

/** The schema under the optional / nullable / transform wrappers of a field. */
function bare(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType
    else return current
  }
}

function textLimit(key: string | number | undefined): number {
  return typeof key === 'string' && key in LIMITS ? LIMITS[key as keyof typeof LIMITS] : MAX_DRAFT_TEXT
}

/** Walks a value along its schema: unknown keys, shapes, text lengths. Values of other types are the rules' to judge. */
function walk(schema: z.ZodType, value: unknown, path: Path, locale: Locale, issues: Issue[], extraEntryKeys: readonly string[]): void {
  if (value === null || value === undefined) return
  const field = () => labelOfPath(locale, formatIssuePath(path))
  const shape = bare(schema)
  if (shape instanceof z.ZodObject) {
    if (!isPlainObject(value)) {
      issues.push({path: formatIssuePath(path), message: message(locale, 'validation.type', {field: field(), expected: 'object'})})
      return
    }
    const known = shape.shape as Record<string, z.ZodType>
    const isEntry = path.length === 2 && path[0] === 'entries'
    for (const [key, item] of Object.entries(value)) {
      if (Object.prototype.hasOwnProperty.call(known, key)) walk(known[key], item, [...path, key], locale, issues, extraEntryKeys)
      else if (!(isEntry && extraEntryKeys.includes(key))) {
        issues.push({path: formatIssuePath([...path, key]), message: message(locale, 'validation.unknownField', {key})})
      }
    }
    return
  }
  if (shape instanceof z.ZodArray) {
    if (!Array.isArray(value)) {
      issues.push({path: formatIssuePath(path), message: message(locale, 'validation.type', {field: field(), expected: 'array'})})
      return
    }
    value.forEach((item, index) => walk(shape.element as z.ZodType, item, [...path, index], locale, issues, extraEntryKeys))
    return
  }
  if (shape instanceof z.ZodString) {
    if (typeof value === 'object') {
      issues.push({path: formatIssuePath(path), message: message(locale, 'validation.type', {field: field(), expected: 'string'})})
      return
    }
    const key = [...path].reverse().find(segment => typeof segment === 'string')
    const max = textLimit(key)
    if (typeof value === 'string' && countCodePoints(value.normalize('NFKC').trim()) > max) {
      issues.push({path: formatIssuePath(path), message: message(locale, 'validation.tooLong', {field: field(), max})})
    }
  }
}

/**
 * Every form problem of a draft: of a new application (`amendment` false) or of an amendment's patch
 * (only the fields given; an entry may say `remove`). Empty when the draft may be kept.
 */
export function draftFormIssues(content: unknown, amendment: boolean, locale: Locale): Issue[] {
  if (!isPlainObject(content)) return [{path: '', message: message(locale, 'amend.notObject', {})}]
  const issues: Issue[] = []
  const bytes = Buffer.byteLength(JSON.stringify(content), 'utf8')
  if (bytes > MAX_DRAFT_BYTES) issues.push({path: '', message: message(locale, 'app.draftTooLarge', {limit: `${MAX_DRAFT_BYTES / (1024 * 1024)} MiB`, max: MAX_DRAFT_BYTES, bytes})})
  walk(buildApplicationSchema(locale), content, [], locale, issues, amendment ? ['remove'] : [])
  return issues
}

/** Throws every form problem of a draft at once (exit 2); a draft with none may be kept. */
export function checkDraftForm(content: unknown, amendment: boolean, locale: Locale): void {
  const issues = draftFormIssues(content, amendment, locale)
  if (issues.length > 0) throw new InvalidInputError(message(locale, 'validation.summary', {count: issues.length}), issues)
}

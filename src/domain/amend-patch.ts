/**
 * Amendment patches (SPEC §4 amend, §9 `nss amend`): only the fields given change. The result is the
 * full application in input form, which the caller validates again with validateApplication, so the
 * patch itself is checked only for what merging needs (its shape and which entries it names).
 */
import {ApplicationContent, ApplicationEntry} from './application'
import {isPlainObject} from './application-schema'
import {InvalidInputError, Issue} from './errors'
import {toCompactDate} from './japan-time'
import {fieldLabel, message, messagesIn} from './messages'
import {Locale} from './vocabulary'

const PATCH_KEYS = ['contact', 'timing', 'desiredDate', 'remarks', 'entries'] as const
const ENTRY_PATCH_KEYS = ['userCode', 'remove', 'passwordReset', 'registration'] as const
type EntryPart = 'passwordReset' | 'registration'
const ENTRY_PARTS: readonly EntryPart[] = ['passwordReset', 'registration']

/** An application in the form `nss apply` reads (SPEC §3): desiredDate as `YYYYMMDD`, absent parts left out. */
export interface ApplicationInput {
  contact: Record<string, unknown>
  timing: unknown
  desiredDate?: unknown
  remarks: unknown
  entries: unknown[]
}

/** ApplicationContent back to its input form, e.g. to amend it or to prefill a reply form. */
export function toApplicationInput(content: ApplicationContent): ApplicationInput {
  const input: ApplicationInput = {
    contact: {...content.contact},
    timing: content.timing,
    remarks: content.remarks,
    entries: content.entries.map(copyEntry),
  }
  if (content.desiredDate) input.desiredDate = toCompactDate(content.desiredDate)
  return input
}

/**
 * Apply an amendment patch to the current content (SPEC §9). `contact` fields merge (null removes an
 * optional one); `timing`, `desiredDate`, `remarks` replace; switching to `earliest` drops the desired
 * date unless the patch gives one; entries are matched by user code: `remove: true` removes one, a
 * given `passwordReset` / `registration` replaces that part and `null` removes it, a new user code adds
 * an entry, entries not named stay. Throws InvalidInputError when the patch cannot be merged.
 */
export function applyAmendPatch(current: ApplicationContent, patch: unknown, locale: Locale = 'ja'): unknown {
  const say = messagesIn(locale)
  const issues: Issue[] = []
  if (!isPlainObject(patch)) {
    throw invalid(locale, [{path: '', message: say('amend.notObject')}])
  }
  for (const key of Object.keys(patch)) {
    if (!(PATCH_KEYS as readonly string[]).includes(key)) issues.push({path: key, message: say('validation.unknownField', {key})})
  }

  const result = toApplicationInput(current)
  if (has(patch, 'contact')) {
    if (isPlainObject(patch.contact)) {
      for (const [key, value] of Object.entries(patch.contact)) {
        if (value === null) delete result.contact[key]
        // defineProperty, not assignment: a JSON key "__proto__" must stay a key, for validation to reject.
        else Object.defineProperty(result.contact, key, {value, enumerable: true, writable: true, configurable: true})
      }
    } else {
      issues.push({path: 'contact', message: say('validation.type', {field: fieldLabel(locale, 'contact'), expected: 'object'})})
    }
  }
  if (has(patch, 'timing')) {
    result.timing = patch.timing
    if (normalizeText(patch.timing) === 'earliest' && !has(patch, 'desiredDate')) delete result.desiredDate
  }
  if (has(patch, 'desiredDate')) {
    if (patch.desiredDate === null) delete result.desiredDate
    else result.desiredDate = patch.desiredDate
  }
  if (has(patch, 'remarks')) result.remarks = patch.remarks ?? ''
  if (has(patch, 'entries')) {
    if (Array.isArray(patch.entries)) result.entries = mergeEntries(result.entries, patch.entries, locale, issues)
    else issues.push({path: 'entries', message: say('validation.type', {field: fieldLabel(locale, 'entries'), expected: 'array'})})
  }

  if (issues.length > 0) throw invalid(locale, issues)
  return result
}

/** The entries after the patch's entries are applied, in the current order, new ones appended. */
function mergeEntries(currentEntries: unknown[], patchEntries: unknown[], locale: Locale, issues: Issue[]): unknown[] {
  const say = messagesIn(locale)
  const entries = new Map<string, Record<string, unknown>>()
  for (const entry of currentEntries as ApplicationEntry[]) entries.set(entry.userCode, {...entry})
  const named = new Set<string>()

  patchEntries.forEach((item: unknown, index) => {
    const at = `entries[${index}]`
    if (!isPlainObject(item)) {
      issues.push({path: at, message: say('validation.type', {field: fieldLabel(locale, 'entries[]'), expected: 'object'})})
      return
    }
    let isWellFormed = true
    for (const key of Object.keys(item)) {
      if (!(ENTRY_PATCH_KEYS as readonly string[]).includes(key)) {
        issues.push({path: `${at}.${key}`, message: say('validation.unknownField', {key})})
        isWellFormed = false
      }
    }
    const userCodeLabel = fieldLabel(locale, 'entries[].userCode')
    const isBlank = typeof item.userCode === 'string' && normalizeText(item.userCode) === ''
    if (item.userCode === undefined || item.userCode === null || isBlank) {
      issues.push({path: `${at}.userCode`, message: say('validation.required', {field: userCodeLabel})})
      return
    }
    if (typeof item.userCode !== 'string') {
      issues.push({path: `${at}.userCode`, message: say('validation.type', {field: userCodeLabel, expected: 'string'})})
      return
    }
    // Matched as validateApplication will store it: NFKC, trimmed, upper case.
    const userCode = normalizeText(item.userCode).toUpperCase()
    if (named.has(userCode)) {
      issues.push({path: `${at}.userCode`, message: say('amend.entryDuplicate', {userCode})})
      return
    }
    named.add(userCode)

    if (has(item, 'remove') && typeof item.remove !== 'boolean') {
      issues.push({path: `${at}.remove`, message: say('amend.removeFlag')})
      return
    }
    if (item.remove === true) {
      if (ENTRY_PARTS.some((part) => has(item, part))) {
        issues.push({path: `${at}.remove`, message: say('amend.removeWithParts', {userCode})})
      } else if (!entries.has(userCode)) {
        issues.push({path: `${at}.userCode`, message: say('amend.removeNotFound', {userCode})})
      } else {
        entries.delete(userCode)
      }
      return
    }
    if (!isWellFormed) return

    const entry = entries.get(userCode) ?? {userCode}
    for (const part of ENTRY_PARTS) {
      if (!has(item, part)) continue
      if (item[part] === null) delete entry[part]
      else entry[part] = item[part]
    }
    entries.set(userCode, entry)
  })
  return [...entries.values()]
}

function copyEntry(entry: ApplicationEntry): Record<string, unknown> {
  const copy: Record<string, unknown> = {userCode: entry.userCode}
  if (entry.passwordReset) copy.passwordReset = {ids: [...entry.passwordReset.ids], reason: entry.passwordReset.reason}
  if (entry.registration) copy.registration = {...entry.registration}
  return copy
}

function invalid(locale: Locale, issues: Issue[]): InvalidInputError {
  return new InvalidInputError(message(locale, 'amend.summary', {count: issues.length}), issues)
}

function normalizeText(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFKC').trim() : ''
}

function has(object: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key)
}

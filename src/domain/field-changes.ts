/**
 * What an amendment changes (`nss amend --dry-run`, issue 13): the application amended and the one
 * the amendment would register, compared field by field, so the office sees each change as current →
 * new before it registers (the seed's 確認 screen shows the whole application; this says what differs).
 */
import type {ApplicationContent} from './application'
import {REGISTRATION_FIELDS} from './vocabulary'

/**
 * One changed field: its value in the application amended and the value the amendment would register
 * (null where there is none). `field` is a path: `contact.email`, `remarks`,
 * `entries.1ANAC.registration.officeNameEn`, `entries.1ANAC.passwordReset.ids`.
 */
export interface FieldChange {
  field: string
  current: string | string[] | null
  new: string | string[] | null
}

type Value = string | string[] | null

const CONTACT_FIELDS = ['name', 'kana', 'department', 'title', 'phone', 'fax', 'email'] as const

/** An application's fields as path → value, entries by user code, in the order the screens show them. */
function fieldsOf(content: ApplicationContent): Map<string, Value> {
  const fields = new Map<string, Value>()
  for (const key of CONTACT_FIELDS) fields.set(`contact.${key}`, content.contact[key] ?? null)
  fields.set('timing', content.timing)
  fields.set('desiredDate', content.desiredDate)
  fields.set('remarks', content.remarks)
  for (const entry of content.entries) {
    const prefix = `entries.${entry.userCode}`
    if (entry.passwordReset) {
      fields.set(`${prefix}.passwordReset.ids`, [...entry.passwordReset.ids])
      fields.set(`${prefix}.passwordReset.reason`, entry.passwordReset.reason)
    }
    for (const key of REGISTRATION_FIELDS) {
      const value = entry.registration?.[key]
      if (value !== undefined) fields.set(`${prefix}.registration.${key}`, value)
    }
    // An entry named with nothing to change still is an entry: its presence is a field of its own.
    if (!entry.passwordReset && !REGISTRATION_FIELDS.some(key => entry.registration?.[key] !== undefined)) fields.set(prefix, entry.userCode)
  }
  return fields
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b)

/** Each field whose value differs between `current` and `next`: those of `current` in its order, then those only `next` has. */
export function changedFields(current: ApplicationContent, next: ApplicationContent): FieldChange[] {
  const before = fieldsOf(current)
  const after = fieldsOf(next)
  const changes: FieldChange[] = []
  for (const [field, value] of before) {
    const now = after.get(field) ?? null
    if (!same(value, now)) changes.push({field, current: value, new: now})
  }
  for (const [field, value] of after) {
    if (!before.has(field) && value !== null) changes.push({field, current: null, new: value})
  }
  return changes
}

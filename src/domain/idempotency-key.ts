import {text} from './messages/text'
import {InvalidInputError} from './errors'

/** 8–128 characters of letters, digits and `.` `_` `:` `-`: a UUID, a ULID, `batch-2026-12-01-0042`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/

/**
 * Checks an idempotency key's format (src/app/idempotency.ts; the `Idempotency-Key` header of the desk
 * server): exit 2 naming what is wrong (the value itself is shown: it is not a secret). Here, in the
 * domain, so that the remote CLI checks it without loading the store.
 */
export function parseIdempotencyKey(value: string | undefined, path = '--idempotency-key'): string | undefined {
  if (value === undefined) return undefined
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    const problem = value.length < 8 || value.length > 128
      ? text('app.idempotencyKeyLength', {length: value.length})
      : text('app.idempotencyKeyChars')
    throw new InvalidInputError(text('app.idempotencyKeyInvalid'), [{path, message: problem}])
  }
  return value
}

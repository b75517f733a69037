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
    const message = value.length < 8 || value.length > 128
      ? `must be 8 to 128 characters long (it has ${value.length})`
      : 'may hold only letters A–Z a–z, digits and . _ : -'
    throw new InvalidInputError(`invalid idempotency key: ${message}`, [{path, message}])
  }
  return value
}

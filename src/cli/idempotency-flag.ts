import {Flags} from '@oclif/core'

/** `--idempotency-key KEY` (or NSS_IDEMPOTENCY_KEY) of `nss apply` and `nss amend` (src/app/idempotency.ts). */
export const idempotencyKeyFlag = Flags.string({
  env: 'NSS_IDEMPOTENCY_KEY',
  description: 'a key of your choosing (8–128 of A-Z a-z 0-9 . _ : -, e.g. a UUID): a call again with the same key returns the first call\'s result and changes nothing; the same key with another request is exit 5. Kept 30 days',
})

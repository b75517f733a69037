/**
 * Idempotency keys of `nss apply` and `nss amend` (`--idempotency-key KEY` or NSS_IDEMPOTENCY_KEY,
 * issue 11 point 16). A script that cannot tell whether its call went through (killed, timed out,
 * the machine restarted before the receipt number was printed) calls again with the same key:
 * - the key, the request it was used for and the call's result are written in the transaction of the
 *   application itself, so either both are committed or neither is;
 * - a call with a key this office already used for the same request (same verb, same receipt number
 *   amended, same body as canonical JSON) gets the first call's result and changes nothing;
 * - the same key for another request is a conflict (exit 5): the key names one request;
 * - a call that failed (exit 2–6) wrote nothing: its key is still unused;
 * - another office's key of the same text is another key (the office is part of the primary key).
 * Two calls with one key at the same moment: the first inserts the key row, the second's insert waits
 * for it (PostgreSQL: a unique-index wait; SQLite: the one writer at a time) and then reads its result.
 */
import {text} from '../domain/messages/text'
import {createHash} from 'node:crypto'
import type {EntityManager} from 'typeorm'
import {IdempotencyKeyReusedError} from '../domain/errors'
import {IdempotencyKeyEntity} from '../store/entities'
import type {SubmissionResult} from './views'

/** How long a key is kept: the daemon purges older ones. The promise is at least 7 days; 30 covers a long holiday closure (年末年始, Golden Week) plus a weekend. */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 30

/** What a key is given for. */
export interface IdempotentRequest {
  key: string
  verb: 'apply' | 'amend'
  /** The receipt number amended (amend), or null. */
  receiptNo: string | null
  /** The parsed input file. */
  body: unknown
}

// The format check lives in the domain, so that the remote CLI need not load this file's store imports.
export {parseIdempotencyKey} from '../domain/idempotency-key'

/**
 * Runs `work` (the application, in the caller's write transaction) once per (office, key): the first
 * call does it and records its result with the key; a later call with the same key and request gets
 * that result without running `work`; the same key with another request is IdempotencyKeyReusedError.
 */
export async function oncePerKey(
  manager: EntityManager, officeCode: string, request: IdempotentRequest, now: Date,
  work: () => Promise<SubmissionResult>,
): Promise<SubmissionResult> {
  const requestHash = hashOf(request)
  // Insert first (ON CONFLICT DO NOTHING / INSERT OR IGNORE): on PostgreSQL a second transaction
  // inserting the same key waits here until the first commits or rolls back, then inserts nothing.
  await manager.createQueryBuilder().insert().into(IdempotencyKeyEntity)
    .values({officeCode, key: request.key, verb: request.verb, requestHash, receiptNo: '', result: '', createdAt: now.toISOString()})
    .orIgnore()
    .execute()
  const row = await manager.findOneByOrFail(IdempotencyKeyEntity, {officeCode, key: request.key})
  if (row.result === '') {
    // Ours: no committed call has this key (a row is committed only with its result).
    const result = await work()
    await manager.update(IdempotencyKeyEntity, {officeCode, key: request.key}, {receiptNo: result.receiptNo, result: JSON.stringify(result)})
    return result
  }
  if (row.requestHash !== requestHash) {
    const first = row.verb === 'amend' ? `amend of ${JSON.parse(row.result).supersedes}` : row.verb
    throw new IdempotencyKeyReusedError(
      text('app.idempotencyKeyReused', {key: request.key, at: row.createdAt, first, receiptNo: row.receiptNo ?? ''}),
      [{path: '--idempotency-key', message: text('app.idempotencyKeyUsed')}])
  }
  return JSON.parse(row.result) as SubmissionResult
}

/** Purges the keys older than the retention (the daemon's housekeeping). Returns how many. */
export async function purgeIdempotencyKeys(manager: EntityManager, now: Date): Promise<number> {
  const before = new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_DAYS * 86_400_000).toISOString()
  const result = await manager.createQueryBuilder().delete().from(IdempotencyKeyEntity)
    .where('"createdAt" < :before', {before})
    .execute()
  return result.affected ?? 0
}

function hashOf(request: IdempotentRequest): string {
  return createHash('sha256').update(canonicalJson([request.verb, request.receiptNo, request.body])).digest('hex')
}

/** JSON with object keys sorted: the same document however its file was laid out. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

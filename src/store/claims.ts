/**
 * How work is claimed so that several processes never do it twice (SPEC §13), in the dialect of the
 * store. The use cases call these and stay free of dialect-specific SQL.
 *
 * - SQLite: every write transaction is `BEGIN IMMEDIATE` (store.ts), so one writer at a time; a plain
 *   read inside it is already exclusive.
 * - PostgreSQL: several daemons work one database at once in READ COMMITTED transactions. A row is
 *   claimed with `SELECT … FOR UPDATE SKIP LOCKED`: a row another transaction is claiming right now
 *   is passed over instead of waited for, and the claimed row stays locked until the claiming
 *   transaction ends.
 */
import type {EntityManager, SelectQueryBuilder} from 'typeorm'
import {InboundMessageEntity, OutboxMailEntity} from './entities'

/** Whether the manager works a PostgreSQL store. */
export function isPostgres(manager: EntityManager): boolean {
  return manager.connection.options.type === 'postgres'
}

/**
 * On PostgreSQL, locks the rows the query reads until the transaction ends, passing over rows that
 * another transaction holds (`FOR UPDATE SKIP LOCKED`); on SQLite the query as it is.
 */
export function skipLocked<T extends object>(manager: EntityManager, query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isPostgres(manager) ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query
}

/**
 * On PostgreSQL, find options that lock the rows read until the transaction ends (`FOR UPDATE`,
 * waiting for a holder), so that two transactions never act on the same rows; PostgreSQL re-checks
 * the conditions on the row it waited for. Nothing on SQLite, where the transaction is exclusive.
 */
export function lockedForUpdate(manager: EntityManager): {lock?: {mode: 'pessimistic_write'}} {
  return isPostgres(manager) ? {lock: {mode: 'pessimistic_write'}} : {}
}

/** Which outbox rows are due for a delivery run. */
export interface DueOutboxCriteria {
  /** ISO 8601: rows whose next attempt is at or before this instant. */
  now: string
  /** Only rows never tried (`pending`, attempts 0); else also `sending` rows whose claim ran out. */
  onlyNew?: boolean
  receiptNo?: string
  rowIds?: number[]
  /** Only rows after this id (the run goes through the outbox once, in id order). */
  afterId: number
}

/**
 * Claims the next due outbox row for this process, in the caller's write transaction (SPEC §10): the
 * row is set to `sending` with attempts + 1 and its next attempt pushed to `claimUntil`, so no other
 * process takes it before the claim runs out. On PostgreSQL the row is read `FOR UPDATE SKIP LOCKED`:
 * daemons claiming at the same time each get a different row. Returns the row as it was before the
 * claim and the number of this attempt, or null when nothing is due.
 */
export async function claimNextOutboxMail(
  manager: EntityManager, criteria: DueOutboxCriteria, claimUntil: string,
): Promise<{row: OutboxMailEntity; attempts: number} | null> {
  const query = manager.createQueryBuilder(OutboxMailEntity, 'o')
    .where('o.status IN (:...statuses)', {statuses: criteria.onlyNew ? ['pending'] : ['pending', 'sending']})
    .andWhere('o.nextAttemptAt <= :now', {now: criteria.now})
    .andWhere('o.id > :afterId', {afterId: criteria.afterId})
  if (criteria.onlyNew) query.andWhere('o.attempts = 0')
  if (criteria.receiptNo) query.andWhere('o.receiptNo = :receiptNo', {receiptNo: criteria.receiptNo})
  if (criteria.rowIds) query.andWhere('o.id IN (:...ids)', {ids: criteria.rowIds.length > 0 ? criteria.rowIds : [-1]})
  const row = await skipLocked(manager, query.orderBy('o.id', 'ASC').limit(1)).getOne()
  if (!row) return null
  const attempts = row.attempts + 1
  await manager.createQueryBuilder().update(OutboxMailEntity)
    .set({status: 'sending', attempts, nextAttemptAt: claimUntil})
    .where('"id" = :id', {id: row.id})
    .execute()
  return {row, attempts}
}

/**
 * Takes a stored inbound message for processing, in the caller's write transaction (SPEC §11: each
 * message one outcome). Its unique `dedupeKey` makes it one row however many daemons read it; this is
 * the claim on that row. On PostgreSQL the row is read `FOR UPDATE SKIP LOCKED` and stays locked until
 * the outcome commits: a daemon that finds it locked gets null and leaves the message to the one
 * processing it (which marks it done in the source after its commit). On SQLite the exclusive
 * transaction is the claim.
 */
export async function claimInboundMessage<K extends keyof InboundMessageEntity>(
  manager: EntityManager, id: number, columns?: Record<K, true>,
): Promise<Pick<InboundMessageEntity, K> | null> {
  const query = manager.createQueryBuilder(InboundMessageEntity, 'i').where('i.id = :id', {id})
  // Only the columns asked for: a message's raw text can be megabytes.
  if (columns) query.select(Object.keys(columns).map(column => `i.${column}`))
  const row = await skipLocked(manager, query).getOne()
  if (row) return row
  // Locked by another transaction (PostgreSQL), or gone: tell them apart.
  if (await manager.existsBy(InboundMessageEntity, {id})) return null
  throw new Error(`no inbound message ${id}`)
}

import {text} from '../domain/messages/text'
import type {EntityManager} from 'typeorm'
import {DAY_FORMS, parseDay, toTokyoIso} from '../domain/japan-time'
import {InvalidInputError} from '../domain/errors'
import {AuditEventEntity} from '../store/entities'
import type {DeskContext} from './context'
import {Actor, recordedActorName} from './actor'

/** Records a security-relevant event inside the caller's transaction. Never pass a password here. */
export async function recordAudit(
  manager: EntityManager, at: Date, actor: Actor | 'system', action: string, receiptNo: string | null, detail = '',
): Promise<void> {
  await manager.insert(AuditEventEntity, {
    at: at.toISOString(), actor: actor === 'system' ? 'system' : recordedActorName(actor), action, receiptNo, detail,
  })
}

/** An audit event as `nss audit` lists it. */
export interface AuditEventView {
  id: number
  /** ISO 8601 with +09:00 */
  at: string
  /** `office:CODE`, `reviewer:ID`, `mail:INBOUND-ID`, `system`, or the address of a failed login. */
  actor: string
  action: string
  receiptNo: string | null
  detail: string
}

export interface AuditFilter {
  receiptNo?: string
  /** YYYY-MM-DD (Japan): events on or after this day. */
  since?: string
  /** At most this many, the newest first (default 100); 0 = all. */
  limit?: number
}

/**
 * nss audit (issue 14): who did what — every lifecycle event, take and release, center messages,
 * password viewings and changes, logins that failed, token changes — the newest first.
 */
export async function listAuditEvents(ctx: DeskContext, filter: AuditFilter = {}): Promise<{events: AuditEventView[]; total: number}> {
  const issues = []
  const since = filter.since === undefined ? undefined : parseDay(filter.since)
  if (since === null) issues.push({path: 'since', message: DAY_FORMS})
  const limit = filter.limit ?? 100
  if (!Number.isInteger(limit) || limit < 0) issues.push({path: 'limit', message: text('app.limitForm')})
  if (issues.length > 0) throw new InvalidInputError(text('app.invalidFilter'), issues)
  return ctx.store.read(async manager => {
    const query = manager.createQueryBuilder(AuditEventEntity, 'a').orderBy('a.id', 'DESC')
    if (filter.receiptNo !== undefined) query.andWhere('a.receiptNo = :receiptNo', {receiptNo: filter.receiptNo})
    if (since) query.andWhere('a.at >= :since', {since: new Date(`${since}T00:00:00+09:00`).toISOString()})
    const total = await query.getCount()
    if (limit > 0) query.take(limit)
    const rows = await query.getMany()
    return {
      events: rows.map(row => ({
        id: row.id, at: toTokyoIso(new Date(row.at)), actor: row.actor, action: row.action, receiptNo: row.receiptNo, detail: row.detail,
      })),
      total,
    }
  })
}

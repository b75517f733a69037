/**
 * Looking after the outbox (SPEC §10): `nss mail outbox` lists the mails and their state, `nss mail
 * retry ID` puts a failed one back in the queue. Operators run these with access to the store, as
 * they run `nss office import`.
 */
import {text} from '../domain/messages/text'
import {ConflictError, InvalidInputError, NotFoundError} from '../domain/errors'
import {toTokyoIso} from '../domain/japan-time'
import type {Locale, MailKind} from '../domain/vocabulary'
import {OutboxMailEntity} from '../store/entities'
import type {DeskContext} from './context'
import {toOutboxMail} from './deliver-outbox.use-case'

/**
 * The states of an outbox row: `sending` is claimed by a process right now — or was, by a process
 * that died (kill -9) between claiming and marking it: the row stays `sending` until its claim
 * expires, then the next run takes it again (deliver-outbox.use-case.ts). Shown as it is, with the
 * claim's expiry, never as `pending`.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'bounced'] as const
/** The state of an outbox row. */
export type OutboxStatus = typeof OUTBOX_STATUSES[number]

/** One outbox row as `nss mail outbox` shows it. Times are ISO 8601 with +09:00. */
export interface OutboxMailView {
  id: number
  receiptNo: string | null
  kind: MailKind
  locale: Locale
  to: string[]
  status: OutboxStatus
  attempts: number
  createdAt: string
  nextAttemptAt: string | null
  /** A `sending` row: until when its sender's claim holds (after that the next run takes the row again); else null. */
  claimedUntil: string | null
  sentAt: string | null
  lastError: string | null
  messageId: string
  /** When its content (the template data) was purged after NSS_RETENTION_DAYS; null while kept. */
  purgedAt: string | null
}

/** What `nss mail outbox` lists. */
export interface OutboxFilter {
  status?: string
  receiptNo?: string
  limit?: number
}

/** nss mail outbox: the newest rows first, filtered by status or receipt number. */
export async function listOutbox(ctx: DeskContext, filter: OutboxFilter = {}): Promise<{mails: OutboxMailView[]}> {
  if (filter.status && !(OUTBOX_STATUSES as readonly string[]).includes(filter.status)) {
    throw new InvalidInputError(text('app.unknownMailStatus', {status: filter.status}), [{path: 'status', message: text('app.oneOf', {values: OUTBOX_STATUSES.join(', ')})}])
  }
  const rows = await ctx.store.read(manager => {
    const query = manager.createQueryBuilder(OutboxMailEntity, 'o').orderBy('o.id', 'DESC').take(filter.limit ?? 50)
    if (filter.status) query.andWhere('o.status = :status', {status: filter.status})
    if (filter.receiptNo) query.andWhere('o.receiptNo = :receiptNo', {receiptNo: filter.receiptNo})
    return query.getMany()
  })
  return {mails: rows.map(toOutboxMailView)}
}

/**
 * nss mail retry ID: a failed (or bounced) mail goes back to the queue with a fresh count of attempts,
 * due now, with the same Message-ID. Any other state is a conflict: a pending mail is already queued,
 * a sent one would be sent twice.
 */
export async function requeueMail(ctx: DeskContext, id: number): Promise<OutboxMailView> {
  const now = ctx.clock.now().toISOString()
  const row = await ctx.store.write(async manager => {
    const found = await manager.findOneBy(OutboxMailEntity, {id})
    if (!found) throw new NotFoundError(text('app.noMail', {id}))
    if (found.status !== 'failed' && found.status !== 'bounced') {
      throw new ConflictError(text('app.mailNotRetriable', {id, status: found.status}))
    }
    if (found.dataPurgedAt) throw purgedMailError(found)
    // "dataPurgedAt" IS NULL: the retention sweep may purge it meanwhile (src/app/retention.ts).
    const result = await manager.createQueryBuilder().update(OutboxMailEntity)
      .set({status: 'pending', attempts: 0, nextAttemptAt: now})
      .where('id = :id AND status = :status AND "dataPurgedAt" IS NULL', {id, status: found.status})
      .execute()
    if (result.affected !== 1) throw new ConflictError(text('app.mailChanged', {id}))
    return manager.findOneByOrFail(OutboxMailEntity, {id})
  })
  return toOutboxMailView(row)
}

/** A mail whose data was purged after NSS_RETENTION_DAYS cannot be rendered, so never sent again. */
function purgedMailError(row: OutboxMailEntity): ConflictError {
  return new ConflictError(text('app.mailPurged', {id: row.id, at: toTokyoIso(new Date(row.dataPurgedAt!))}))
}

/** One outbox row. */
export async function showOutboxMail(ctx: DeskContext, id: number): Promise<OutboxMailView> {
  const row = await ctx.store.read(manager => manager.findOneBy(OutboxMailEntity, {id}))
  if (!row) throw new NotFoundError(text('app.noMail', {id}))
  return toOutboxMailView(row)
}

/** The rendered words of an application's mails (subject and text), as `nss demo` shows them. */
export async function previewMails(ctx: DeskContext, receiptNo: string): Promise<{id: number; kind: MailKind; to: string[]; status: string; subject: string; text: string}[]> {
  const rows = (await ctx.store.read(manager => manager.find(OutboxMailEntity, {where: {receiptNo}, order: {id: 'ASC'}})))
    .filter(row => !row.dataPurgedAt) // nothing left to render
  if (rows.length === 0) return []
  const {MailTemplates} = await import('../mail/outbound/templates')
  const {renderMail} = await import('../mail/outbound/render')
  const templates = await MailTemplates.load({overrideDir: ctx.config.templatesDir})
  return rows.map(row => {
    const rendered = renderMail(templates, toOutboxMail(row))
    return {id: row.id, kind: row.kind as MailKind, to: row.recipients, status: row.status, subject: rendered.subject, text: rendered.text}
  })
}

function toOutboxMailView(row: OutboxMailEntity): OutboxMailView {
  const at = (iso: string | null) => (iso ? toTokyoIso(new Date(iso)) : null)
  return {
    id: row.id,
    receiptNo: row.receiptNo,
    kind: row.kind as MailKind,
    locale: row.locale as Locale,
    to: row.recipients,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    createdAt: at(row.createdAt)!,
    nextAttemptAt: row.status === 'pending' || row.status === 'sending' ? at(row.nextAttemptAt) : null,
    // A claim pushes nextAttemptAt to its own end (claims.ts): for a `sending` row that instant is the claim's expiry.
    claimedUntil: row.status === 'sending' ? at(row.nextAttemptAt) : null,
    sentAt: at(row.sentAt),
    lastError: row.lastError,
    messageId: row.messageId,
    purgedAt: at(row.dataPurgedAt),
  }
}

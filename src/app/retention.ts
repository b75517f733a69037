/**
 * What the desk keeps of mail, and for how long (issue 11 point 5; docs/mail.md "What the desk keeps"): the
 * raw text of an inbound message and the template data of a mail (names, addresses, the application's
 * values) are personal information the desk needs only while it may act on them. After
 * NSS_RETENTION_DAYS (default 365) the daemon's housekeeping step purges both; what stays is the
 * record of what happened: an inbound message's Message-ID, size, SHA-256, sender, subject and outcome,
 * an outbox row's kind, recipients, Message-ID, state and answers. The raw text of a message nobody
 * acts on is cut to its header section at once (src/app/process-inbound.use-case.ts). The files
 * attached to a reply (issue 14, src/app/attachments.ts) go with the raw text of their message: deleted
 * after the same period; the 事業所からの連絡 entry still names them.
 */
import {AttachmentEntity, InboundMessageEntity, OutboxMailEntity} from '../store/entities'
import type {DeskContext} from './context'

/** Rows purged per transaction: a first sweep over a store of years must not hold the write lock for long. */
const PURGE_BATCH = 500

/** What one sweep purged. */
export interface RetentionReport {
  /** Inbound messages whose raw text (or header section) was purged. */
  messages: number
  /** Outbox rows whose template data was purged. */
  mails: number
  /** Attachments deleted (issue 14). */
  attachments: number
}

/** The instant before which mail text is purged: `days` before `now`. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString()
}

/**
 * Purges what is older than the retention period, in batches, each its own transaction (so it can be
 * stopped between two). A mail that may still be sent (`pending`, `sending`) keeps its data whatever
 * its age: purging it would make the mail unsendable; a sent one counts from when it was sent. Each UPDATE re-checks its conditions on the row
 * itself, so a row that another process changed meanwhile (a mail put back in the queue by `nss mail
 * retry`) is left alone.
 */
export async function purgeExpiredMailText(ctx: DeskContext, now: Date, signal?: AbortSignal): Promise<RetentionReport> {
  const cutoff = retentionCutoff(now, ctx.config.retentionDays)
  const at = now.toISOString()
  const report: RetentionReport = {messages: 0, mails: 0, attachments: 0}
  for (;;) {
    if (signal?.aborted) return report
    const purged = await ctx.store.write(async manager => {
      const ids = await manager.createQueryBuilder(InboundMessageEntity, 'i').select('i.id', 'id')
        .where(`(i.rawKept IS NULL OR i.rawKept = 'headers')`).andWhere('i.receivedAt < :cutoff', {cutoff})
        .andWhere('i.raw IS NOT NULL').orderBy('i.id').limit(PURGE_BATCH).getRawMany<{id: number}>()
      if (ids.length === 0) return {found: 0, affected: 0}
      const {affected} = await manager.createQueryBuilder().update(InboundMessageEntity).set({raw: null, rawKept: 'nothing'})
        .where('"id" IN (:...ids)', {ids: ids.map(r => r.id)}).andWhere('"raw" IS NOT NULL').execute()
      return {found: ids.length, affected: affected ?? 0}
    })
    report.messages += purged.affected
    if (purged.found < PURGE_BATCH) break
  }
  for (;;) {
    if (signal?.aborted) return report
    const purged = await ctx.store.write(async manager => {
      const ids = await manager.createQueryBuilder(OutboxMailEntity, 'o').select('o.id', 'id')
        // Counted from when it was sent: a mail sent late may still bounce, and a bounced one be retried.
        .where('o.dataPurgedAt IS NULL').andWhere('o.createdAt < :cutoff', {cutoff}).andWhere('(o.sentAt IS NULL OR o.sentAt < :cutoff)')
        .andWhere(`o.status NOT IN ('pending', 'sending')`).orderBy('o.id').limit(PURGE_BATCH).getRawMany<{id: number}>()
      if (ids.length === 0) return {found: 0, affected: 0}
      const {affected} = await manager.createQueryBuilder().update(OutboxMailEntity).set({data: {}, dataPurgedAt: at})
        .where('"id" IN (:...ids)', {ids: ids.map(r => r.id)})
        .andWhere('"dataPurgedAt" IS NULL').andWhere(`"status" NOT IN ('pending', 'sending')`).execute()
      return {found: ids.length, affected: affected ?? 0}
    })
    report.mails += purged.affected
    if (purged.found < PURGE_BATCH) break
  }
  for (;;) {
    if (signal?.aborted) return report
    const purged = await ctx.store.write(async manager => {
      const ids = await manager.createQueryBuilder(AttachmentEntity, 'a').select('a.id', 'id')
        .where('a.createdAt < :cutoff', {cutoff}).orderBy('a.id').limit(PURGE_BATCH).getRawMany<{id: number}>()
      if (ids.length === 0) return {found: 0, affected: 0}
      const {affected} = await manager.createQueryBuilder().delete().from(AttachmentEntity)
        .where('"id" IN (:...ids)', {ids: ids.map(r => r.id)}).execute()
      return {found: ids.length, affected: affected ?? 0}
    })
    report.attachments += purged.affected
    if (purged.found < PURGE_BATCH) break
  }
  return report
}

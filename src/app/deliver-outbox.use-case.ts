/**
 * Outbox delivery (SPEC §10): the CLI's one attempt right after a state change, `nss mail deliver`, and
 * the daemon's outbox step all come here.
 *
 * A row is never lost and never becomes two different messages:
 * - it is first **claimed** in its own short transaction (status `sending`, attempts + 1, and a lease:
 *   nextAttemptAt = now + 10 minutes; on PostgreSQL read `FOR UPDATE SKIP LOCKED`, src/store/claims.ts),
 *   so two processes never send it at once and no transaction is held open while a server is talked to;
 * - then rendered and sent — the same bytes and Message-ID every time (src/mail/outbound/message.ts);
 * - then marked `sent`, or `pending` again with exponential backoff, or `failed` with the server's
 *   answer (a 5xx refusal, or after the last attempt).
 * A process that dies after the server accepted but before marking the row leaves it `sending`; once
 * the lease runs out the row is taken again and resent with the same Message-ID, which the receiving
 * side can recognise as a duplicate.
 */
import type {EntityManager} from 'typeorm'
import {toTokyoIso} from '../domain/japan-time'
import type {Locale, MailKind} from '../domain/vocabulary'
import type {OutboundMailer} from '../mail/outbound/mailer'
import type {OutboxMail} from '../mail/outbound/message'
import type {SmtpTimeouts} from '../mail/outbound/transports/smtp'
import {DeliveryError, MailTransport} from '../mail/outbound/transports/transport'
import {claimNextOutboxMail} from '../store/claims'
import {OutboxMailEntity} from '../store/entities'
import {notifyStaffOfUndelivered} from './staff-notices'
import type {DeskContext} from './context'

/** How long a claimed row is reserved for the process sending it (well above the SMTP timeouts). */
export const CLAIM_LEASE_MS = 10 * 60_000
const FIRST_RETRY_MS = 60_000
const MAX_RETRY_MS = 4 * 60 * 60_000

/** The wait before the next attempt after `attempts` failed ones: 1 min × 2^(attempts − 1), at most 4 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS)
}

/** What became of one mail in a delivery run. */
export interface MailDeliveryView {
  id: number
  receiptNo: string | null
  kind: MailKind
  messageId: string
  status: 'sent' | 'pending' | 'failed'
  attempts: number
  /** The server's answer when it was not (fully) accepted. */
  error: string | null
  /** ISO 8601 (+09:00): when a pending mail is tried again. */
  nextAttemptAt: string | null
}

/** The result of a delivery run. */
export interface DeliveryReport {
  /** Where mail went (`spool …` or the SMTP URL, password masked); null when nothing was due. */
  transport: string | null
  sent: number
  pending: number
  failed: number
  mails: MailDeliveryView[]
  /** Why the run stopped before every due mail was tried (the server could not be used), else null. */
  stoppedBy: string | null
  /** Temporary files of dead writers removed from the spool folder (removeOrphanedSpoolFiles). */
  removedTemporaryFiles: number
}

/** Which rows a run considers; by default every due row. */
export interface DeliveryScope {
  receiptNo?: string
  rowIds?: number[]
  /** Only rows never tried yet: the ones a command has just written. */
  onlyNew?: boolean
  /** At most this many mails in the run. */
  limit?: number
}

/** How a run delivers. */
export interface DeliveryOptions {
  timeouts?: SmtpTimeouts
  /** A transport to use instead of the configured one (tests, demo). */
  transport?: MailTransport
  /**
   * A mail pipeline already open, kept open after the run (the daemon's answer sender, which delivers
   * a few rows at a time over one SMTP connection); by default each run opens and closes its own.
   */
  mailer?: OutboundMailer
  /** Told about each mail as it is done (the daemon logs these as JSON lines). */
  onMail?: (mail: MailDeliveryView) => void
  /** Aborted: the run stops between two mails (the mail at hand is finished and marked first). */
  signal?: AbortSignal
}

/**
 * Delivers the due outbox rows in `scope` once each: pending rows whose time has come, and rows whose
 * claim has expired (a sender that died). Opens the mail pipeline only when there is something to send.
 */
export async function deliverOutbox(ctx: DeskContext, scope: DeliveryScope = {}, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = {transport: null, sent: 0, pending: 0, failed: 0, mails: [], stoppedBy: null, removedTemporaryFiles: 0}
  const limit = scope.limit ?? Number.MAX_SAFE_INTEGER
  // A run over the whole outbox (`nss mail deliver`, the daemon's outbox step) first removes what
  // writers killed mid-write left in the spool folder; not the CLI's run right after its command.
  if (!ctx.config.smtp && !options.transport && !scope.onlyNew && !scope.rowIds && !scope.receiptNo) {
    const {removeOrphanedSpoolFiles, spoolFolderOf} = await import('../mail/outbound/transports/spool')
    const claimWindowStart = new Date(ctx.clock.now().getTime() - CLAIM_LEASE_MS)
    report.removedTemporaryFiles = (await removeOrphanedSpoolFiles(spoolFolderOf(ctx.config.home), claimWindowStart)).length
  }
  let afterId = 0
  let mailer: OutboundMailer | null = options.mailer ?? null
  try {
    while (report.mails.length < limit && report.stoppedBy === null && !options.signal?.aborted) {
      // One row at a time: claimed in its own short transaction, so no transaction is held open while
      // a server is talked to, and several daemons claim different rows (src/store/claims.ts).
      const claimed = await claim(ctx, scope, afterId)
      if (!claimed) break
      afterId = claimed.row.id
      if (!mailer) {
        try {
          const {OutboundMailer} = await import('../mail/outbound/mailer')
          mailer = await OutboundMailer.open(ctx.config, ctx.secret(), {timeouts: options.timeouts, transport: options.transport})
        } catch (error) {
          // Not a word was sent: the row is due again at once, as if never claimed.
          await unclaim(ctx, claimed.row, claimed.attempts)
          throw error
        }
      }
      report.transport = mailer.transport.description
      const outcome = await deliverRow(ctx, mailer, claimed.row, claimed.attempts)
      report.mails.push(outcome.view)
      report[outcome.view.status]++
      options.onMail?.(outcome.view)
      if (outcome.isServerUnavailable) {
        report.stoppedBy = outcome.view.error
        break
      }
    }
  } finally {
    if (!options.mailer) await mailer?.close()
  }
  return report
}

interface RowOutcome {
  view: MailDeliveryView
  isServerUnavailable: boolean
}

async function deliverRow(ctx: DeskContext, mailer: OutboundMailer, row: OutboxMailEntity, attempts: number): Promise<RowOutcome> {
  const mail = toOutboxMail(row)

  let message
  try {
    message = await mailer.prepare(mail)
  } catch (error) {
    // The row's data or a template is wrong: no retry can fix it, an operator can (nss mail retry).
    return {view: await finish(ctx, row, attempts, {status: 'failed', lastError: messageOf(error)}), isServerUnavailable: false}
  }

  try {
    const sent = await mailer.transport.send(message)
    const rejected = sent.rejected.map(r => `${r.recipient}: ${r.response}`).join('; ')
    const lastError = rejected ? `accepted for ${sent.accepted.join(', ')}; refused for ${rejected}` : null
    return {view: await finish(ctx, row, attempts, {status: 'sent', lastError}), isServerUnavailable: false}
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(messageOf(error), false, false)
    const answer = failure.response ?? failure.message
    if (failure.isPermanent) {
      return {view: await finish(ctx, row, attempts, {status: 'failed', lastError: answer}), isServerUnavailable: false}
    }
    if (attempts >= ctx.config.mailMaxAttempts) {
      const lastError = `gave up after ${attempts} attempts: ${answer}`
      return {view: await finish(ctx, row, attempts, {status: 'failed', lastError}), isServerUnavailable: failure.isUnreachable}
    }
    const view = await finish(ctx, row, attempts, {status: 'pending', lastError: answer})
    return {view, isServerUnavailable: failure.isUnreachable}
  }
}

/**
 * Takes the next due row in `scope` for this process (status `sending`, attempts + 1, a lease of
 * CLAIM_LEASE_MS), so no other process sends it meanwhile. Returns the row and its attempt number.
 */
async function claim(ctx: DeskContext, scope: DeliveryScope, afterId: number): Promise<{row: OutboxMailEntity; attempts: number} | null> {
  const now = ctx.clock.now()
  const claimUntil = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString()
  return ctx.store.write(manager => claimNextOutboxMail(manager, {
    now: now.toISOString(), onlyNew: scope.onlyNew, receiptNo: scope.receiptNo, rowIds: scope.rowIds, afterId,
  }, claimUntil))
}

/** Gives back a claim that was never tried: the row as it was before. */
async function unclaim(ctx: DeskContext, row: OutboxMailEntity, attempts: number): Promise<void> {
  await ctx.store.write(async manager => {
    await manager.createQueryBuilder().update(OutboxMailEntity)
      .set({status: row.status, attempts: row.attempts, nextAttemptAt: row.nextAttemptAt})
      .where('"id" = :id AND "status" = :sending AND "attempts" = :attempts', {id: row.id, sending: 'sending', attempts})
      .execute()
  }).catch(() => undefined)
}

type Finish = {status: 'sent' | 'pending' | 'failed'; lastError: string | null}

/** Records the outcome of the attempt this process claimed. */
async function finish(ctx: DeskContext, row: OutboxMailEntity, attempts: number, outcome: Finish): Promise<MailDeliveryView> {
  const now = ctx.clock.now()
  const nextAttemptAt = outcome.status === 'pending' ? new Date(now.getTime() + retryDelayMs(attempts)).toISOString() : null
  await ctx.store.write(async (manager: EntityManager) => {
    const result = await manager.createQueryBuilder().update(OutboxMailEntity)
      .set({
        status: outcome.status,
        lastError: outcome.lastError,
        ...(nextAttemptAt ? {nextAttemptAt} : {}),
        ...(outcome.status === 'sent' ? {sentAt: now.toISOString()} : {}),
      })
      // Only our own claim: if it expired and another process took the row, that process reports.
      .where('"id" = :id AND "status" = :sending AND "attempts" = :attempts', {id: row.id, sending: 'sending', attempts})
      .execute()
    // A mail to an office that failed for good: the staff hear of it in the same commit (issue 14).
    if (outcome.status === 'failed' && result.affected === 1) {
      await notifyStaffOfUndelivered(manager, ctx, 'mail-failed', row, outcome.lastError ?? 'failed', now)
    }
  })
  return {
    id: row.id,
    receiptNo: row.receiptNo,
    kind: row.kind as MailKind,
    messageId: row.messageId,
    status: outcome.status,
    attempts,
    error: outcome.lastError,
    nextAttemptAt: nextAttemptAt ? toTokyoIso(new Date(nextAttemptAt)) : null,
  }
}

/** An outbox row as the mail pipeline reads it. */
export function toOutboxMail(row: OutboxMailEntity): OutboxMail {
  return {
    id: row.id,
    kind: row.kind as MailKind,
    locale: row.locale as Locale,
    receiptNo: row.receiptNo,
    recipients: row.recipients,
    data: row.data,
    messageId: row.messageId,
    createdAt: row.createdAt,
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * The daemon (SPEC §12): `nss daemon --once` for cron, `nss daemon` as a service. One cycle delivers the
 * outbox, reads new mail (SPEC §11, through receiveMail), purges the issued passwords whose window has
 * closed (SPEC §7), applies the registration changes whose date has come (SPEC §2) and purges mail
 * text past NSS_RETENTION_DAYS (issue 11, src/app/retention.ts) — each step on
 * its own, so one that fails is logged and the others still run. The answers the replies caused are
 * delivered in the same cycle.
 *
 * On SQLite only one daemon works a store at a time: a lease in the store (src/app/lease.ts), renewed by
 * a heartbeat while the daemon runs, released when it stops. A `--once` run that finds the lease held
 * does nothing and reports it (cron: exit 0 quietly); a long-running daemon waits for it as a standby.
 * On PostgreSQL (store.isShared) several daemons work one store together: outbox rows and inbound
 * messages are claimed row by row (src/store/claims.ts), and the one lease left is HOUSEKEEPING_LEASE
 * (see there). An AbortSignal (SIGTERM/SIGINT) stops the daemon between two messages: the message
 * being processed is finished and committed first.
 */
import {text, type LocalText} from '../domain/messages/text'
import {DeskError, InfrastructureError} from '../domain/errors'
import type {MailSource} from '../mail/inbound/source'
import {AnswerSender} from './answer-sender'
import type {DeskContext} from './context'
import {deliverOutbox, DeliveryReport} from './deliver-outbox.use-case'
import {purgeIdempotencyKeys} from './idempotency'
import {purgeExpiredPasswords} from './issued-passwords'
import {acquireLease, DAEMON_LEASE, newLeaseHolder, readLease, releaseLease, renewLease} from './lease'
import type {Logger} from './log'
import {openMailSource} from './mail-source'
import {applyDueRegistrationChanges} from './master-data.use-case'
import {InboundOutcome, InboundResult, receiveMail} from './process-inbound.use-case'
import {RemindersReport, sendReminders} from './reminders'
import {purgeExpiredMailText, RetentionReport} from './retention'

/** The outcomes whose transaction wrote an answer to the outbox (SPEC §11 step 7). */
const ANSWERED_OUTCOMES: ReadonlySet<InboundOutcome> = new Set(['amended', 'withdrawn', 'office-message', 'reply-error', 'unsigned'])

/**
 * On a shared store (PostgreSQL), the lease of the housekeeping steps 3, 4 and 4b (purge expired
 * passwords, apply due registration changes, purge mail text past the retention period). They are sweeps over the whole store that need one
 * worker, not one per daemon: run by every daemon every cycle, they would lock the same rows and wait
 * on each other for nothing. They stay correct without it (one UPDATE each with the condition
 * re-checked under the row lock; the due changes read FOR UPDATE, as `nss office show` also applies
 * them), so a holder that dies only delays them until its lease expires. Replies and mails need no
 * lease: each is claimed alone.
 */
export const HOUSEKEEPING_LEASE = 'housekeeping'

/** The lease lasts this long unless renewed: a daemon killed with -9 blocks the next one at most this long. */
export const DAEMON_LEASE_TTL_MS = 2 * 60_000
/** The first wait before reopening a source that failed, doubled each time up to MAX_RECONNECT_MS. */
export const FIRST_RECONNECT_MS = 5_000
/** The longest wait between two attempts to reopen a source that failed. */
export const MAX_RECONNECT_MS = 5 * 60_000

/** The steps of a cycle, in order (SPEC §12). */
export type CycleStep = 'outbox' | 'inbound' | 'passwords' | 'registration' | 'retention' | 'idempotency-keys' | 'drafts' | 'reminders'

/** A step that failed: logged, and the cycle went on. */
export interface StepFailure {
  step: CycleStep
  /** English, as logged. */
  message: string
  /** The same as raised, for the reader's language (not in the JSON: `message` is). */
  readonly said?: string | LocalText
  /** The exit code the failure stands for (SPEC §9): 6 for a server or store that cannot be used. */
  exitCode: number
}

/** What one cycle did. A step that failed or did not run (stopped by a signal) is null. */
export interface CycleReport {
  /** Mails sent / left pending / failed, over both delivery passes of the cycle. */
  outbox: {sent: number; pending: number; failed: number} | null
  /** Each message read, with its outcome (SPEC §11). */
  inbound: Array<InboundResult & {ref: string}> | null
  /** Issued passwords purged (their viewing window closed). */
  purgedPasswords: number | null
  /** Scheduled registration changes that became current. */
  appliedChanges: number | null
  /** Inbound raw text and outbox data purged after NSS_RETENTION_DAYS (src/app/retention.ts). */
  retention: RetentionReport | null
  /** Reminders and the staff's digest sent (issue 14, src/app/reminders.ts). */
  reminders?: RemindersReport | null
  failures: StepFailure[]
}

/** How a daemon run ended. */
export interface DaemonResult {
  /** `held`: another daemon holds the store's lease; this run did nothing. */
  lease: 'acquired' | 'held'
  holder: string
  cycles: number
  /** The last cycle's report (the only one with --once). */
  lastCycle: CycleReport | null
  /** once: one cycle done; signal: SIGTERM/SIGINT; lease-lost: another process took the lease over. */
  stoppedBy: 'once' | 'signal' | 'lease-lost' | null
}

/** How the daemon runs. */
export interface DaemonOptions {
  /** One cycle, then stop (cron). */
  once?: boolean
  /** The longest wait between two cycles (new mail in the Maildir or IMAP IDLE wakes it earlier). */
  intervalMs?: number
  /** SIGTERM/SIGINT: stop after the current message. */
  signal?: AbortSignal
  log: Logger
  /** The mail source; by default the configured one (src/app/mail-source.ts). Tests hand in their own. */
  openSource?: () => Promise<MailSource>
  leaseTtlMs?: number
  /** Told after each cycle. */
  onCycle?: (report: CycleReport) => void
}

/**
 * Keeps the mail source open across cycles, and after a failure waits before reopening it: 5 s, 10 s,
 * 20 s … at most 5 min (reconnect with backoff, SPEC §12), so a server that is down is not hammered.
 */
export class MailSourceKeeper {
  private source: MailSource | null = null
  private failures = 0
  private retryAt = 0

  constructor(private readonly open: () => Promise<MailSource>, private readonly now: () => number = Date.now) {}

  /** A keeper of one source that is already open (the demo, tests). */
  static of(source: MailSource): MailSourceKeeper {
    return new MailSourceKeeper(async () => source)
  }

  /** The open source, opening it if the backoff allows; null while waiting to retry. */
  async get(): Promise<MailSource | null> {
    if (this.source) return this.source
    if (this.now() < this.retryAt) return null
    try {
      this.source = await this.open()
      return this.source
    } catch (error) {
      this.failed()
      throw error
    }
  }

  /** The source has been used successfully: the backoff starts again from the first wait. */
  succeeded(): void {
    this.failures = 0
  }

  /** The source failed: close it and wait before the next attempt. */
  async drop(): Promise<void> {
    const source = this.source
    this.source = null
    this.failed()
    await source?.close().catch(() => undefined)
  }

  /** How long until the source may be tried again (0 when it is open or may be opened now). */
  waitMs(): number {
    return this.source ? 0 : Math.max(0, this.retryAt - this.now())
  }

  get current(): MailSource | null {
    return this.source
  }

  async close(): Promise<void> {
    const source = this.source
    this.source = null
    await source?.close().catch(() => undefined)
  }

  private failed(): void {
    this.retryAt = this.now() + Math.min(FIRST_RECONNECT_MS * 2 ** this.failures, MAX_RECONNECT_MS)
    this.failures++
  }
}

/** How long the record of a daemon's last cycle is kept after it stopped cycling. */
const CYCLE_RECORD_DAYS = 7

/** The end of a cycle, for `nss health` (issue 15): one row per daemon, the rows of long-gone daemons removed. */
async function recordCycle(ctx: DeskContext, holder: string, report: CycleReport): Promise<void> {
  const {DaemonCycleEntity} = await import('../store/entities')
  const now = ctx.clock.now()
  const failedSteps = report.failures.map(f => f.step).join(',').slice(0, 200)
  await ctx.store.write(async manager => {
    await manager.createQueryBuilder().insert().into(DaemonCycleEntity).values({holder, finishedAt: now.toISOString(), failedSteps})
      .orUpdate(['finishedAt', 'failedSteps'], ['holder']).execute()
    await manager.createQueryBuilder().delete().from(DaemonCycleEntity)
      .where('"finishedAt" < :before', {before: new Date(now.getTime() - CYCLE_RECORD_DAYS * 86_400_000).toISOString()}).execute()
  })
}

/**
 * Runs the daemon: takes the store's lease (or reports it held and returns), then cycles until `once`
 * is done, the signal aborts, or the lease is lost; always releases the lease and closes the source.
 */
export async function runDaemon(ctx: DeskContext, options: DaemonOptions): Promise<DaemonResult> {
  const {log} = options
  const holder = newLeaseHolder()
  const ttlMs = options.leaseTtlMs ?? DAEMON_LEASE_TTL_MS
  const result: DaemonResult = {lease: 'acquired', holder, cycles: 0, lastCycle: null, stoppedBy: null}
  // A shared store (PostgreSQL) takes no daemon lease: several daemons work it together.
  const leaseName = ctx.store.isShared ? null : DAEMON_LEASE
  if (leaseName && !(await acquireLease(ctx, leaseName, holder, ttlMs))) {
    if (options.once) {
      const current = await readLease(ctx, DAEMON_LEASE)
      // Debug only: a cron run that finds another daemon at work is normal and must stay quiet (SPEC §12).
      log.debug('the store is worked by another daemon; nothing to do', {holder: current?.holder, expiresAt: current?.expiresAt})
      return {...result, lease: 'held'}
    }
    // A service waits as a standby instead of exiting: after a `kill -9` the supervisor restarts it at
    // once, while the dead daemon's lease still runs; exiting 0 then would leave no daemon at all
    // (systemd does not restart a unit that exited 0 under Restart=on-failure).
    if (!(await waitForLease(ctx, holder, ttlMs, options.signal, log))) return {...result, lease: 'held'}
  }

  // Stopping: the caller's signal, or losing the lease to another process.
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  options.signal?.addEventListener('abort', onAbort)
  if (options.signal?.aborted) stop.abort()
  let isLeaseLost = false
  const heartbeat = setInterval(() => {
    if (!leaseName) return
    renewLease(ctx, leaseName, holder, ttlMs).then(isRenewed => {
      if (isRenewed || isLeaseLost) return
      isLeaseLost = true
      log.error('the daemon lease was taken over by another process; stopping', {holder})
      stop.abort()
    }, error => log.warn('the daemon lease could not be renewed', {error: messageOf(error)}))
  }, Math.max(1000, Math.floor(ttlMs / 3)))
  heartbeat.unref()

  const keeper = new MailSourceKeeper(options.openSource ?? (() => openMailSource(ctx, log)), () => ctx.clock.now().getTime())
  const intervalMs = options.intervalMs ?? 60_000
  // A cron run (--once) that finds nothing to do writes nothing: cron mails whatever a run prints.
  const lifecycleLog = options.once ? log.debug : log.info
  lifecycleLog('daemon started', {holder, once: Boolean(options.once), intervalSeconds: Math.round(intervalMs / 1000)})
  try {
    for (;;) {
      const report = await runCycle(ctx, keeper, {signal: stop.signal, log, holder, leaseTtlMs: ttlMs})
      result.cycles++
      result.lastCycle = report
      await recordCycle(ctx, holder, report).catch(error => log.warn('the cycle could not be recorded for nss health', {error: messageOf(error)}))
      options.onCycle?.(report)
      if (options.once) {
        result.stoppedBy = 'once'
        break
      }
      if (stop.signal.aborted) break
      // After a cycle that read mail, look again at once: more may have come meanwhile, and a watch
      // set up only now would not see it.
      if ((report.inbound?.length ?? 0) === 0) await waitForNextCycle(keeper, intervalMs, stop.signal, log)
      if (stop.signal.aborted) break
    }
    if (!result.stoppedBy) result.stoppedBy = isLeaseLost ? 'lease-lost' : 'signal'
  } finally {
    clearInterval(heartbeat)
    options.signal?.removeEventListener('abort', onAbort)
    await keeper.close()
    if (!isLeaseLost) {
      await releaseLease(ctx, leaseName ?? HOUSEKEEPING_LEASE, holder).catch(error => log.error('the daemon lease could not be released', {error: messageOf(error)}))
    }
    lifecycleLog('daemon stopped', {holder, cycles: result.cycles, stoppedBy: result.stoppedBy ?? 'error'})
  }
  return result
}

/** How often a standby daemon tries to take the lease, at most. */
const LEASE_POLL_MS = 5_000

/**
 * Waits until the lease can be taken (the holder released it, or it expired because its holder died),
 * trying every few seconds. Returns false when the signal aborts first.
 */
async function waitForLease(ctx: DeskContext, holder: string, ttlMs: number, signal: AbortSignal | undefined, log: Logger): Promise<boolean> {
  const current = await readLease(ctx, DAEMON_LEASE)
  log.info('the store is worked by another daemon; waiting for its lease', {holder: current?.holder, expiresAt: current?.expiresAt})
  const stop = signal ?? new AbortController().signal
  const pollMs = Math.max(100, Math.min(LEASE_POLL_MS, Math.floor(ttlMs / 4)))
  for (;;) {
    await sleep(pollMs, stop)
    if (stop.aborted) return false
    if (await acquireLease(ctx, DAEMON_LEASE, holder, ttlMs)) return true
  }
}

/** Sleeps until new mail may have arrived (Maildir watch, IMAP IDLE), the interval passes, or the signal aborts. */
async function waitForNextCycle(keeper: MailSourceKeeper, intervalMs: number, signal: AbortSignal, log: Logger): Promise<void> {
  const source = keeper.current
  if (!source) {
    await sleep(Math.min(intervalMs, Math.max(keeper.waitMs(), 1000)), signal)
    return
  }
  try {
    await source.waitForNew(intervalMs, signal)
  } catch (error) {
    log.warn('the mail source failed while waiting; reconnecting', {error: messageOf(error)})
    await keeper.drop()
  }
}

/**
 * One cycle (SPEC §12): deliver the outbox, read new mail, purge expired passwords, apply due
 * registration changes, then deliver what the replies caused. A step that throws is logged and
 * reported; the next step runs all the same. After the signal aborts only the message at hand is
 * finished: the remaining steps wait for the next run.
 */
export async function runCycle(
  ctx: DeskContext, sources: MailSourceKeeper, options: {signal?: AbortSignal; log: Logger; holder?: string; leaseTtlMs?: number},
): Promise<CycleReport> {
  const {log, signal} = options
  const report: CycleReport = {outbox: null, inbound: null, purgedPasswords: null, appliedChanges: null, retention: null, failures: []}
  const failed = (step: CycleStep, error: unknown) => {
    const failure: StepFailure = {step, message: messageOf(error), exitCode: error instanceof DeskError ? error.exitCode : 1}
    if (error instanceof DeskError) Object.defineProperty(failure, 'said', {value: error.raised.message, enumerable: false})
    report.failures.push(failure)
    log.error(`${step} step failed`, {step, error: failure.message, exitCode: failure.exitCode})
  }
  const onMail = (mail: DeliveryReport['mails'][number]) =>
    log.info('mail', {id: mail.id, kind: mail.kind, receiptNo: mail.receiptNo, status: mail.status, attempts: mail.attempts, error: mail.error})
  const addDelivery = (delivery: DeliveryReport) => {
    const total = report.outbox ?? {sent: 0, pending: 0, failed: 0}
    report.outbox = {sent: total.sent + delivery.sent, pending: total.pending + delivery.pending, failed: total.failed + delivery.failed}
    if (delivery.stoppedBy) failed('outbox', new InfrastructureError(text('app.mailServerUnusable', {reason: delivery.stoppedBy})))
    if (delivery.removedTemporaryFiles > 0) log.info('spool temporary files of dead writers removed', {count: delivery.removedTemporaryFiles})
  }

  // 1. The outbox: pending mails whose time has come, and claims a crashed sender left behind.
  if (!signal?.aborted) {
    try {
      addDelivery(await deliverOutbox(ctx, {}, {onMail}))
    } catch (error) {
      failed('outbox', error)
    }
  }

  // 2. New mail, one message at a time; the signal stops it between two messages. Each reply's answer
  // is sent as soon as the reply has committed, while the next ones are read (src/app/answer-sender.ts).
  const answers = new AnswerSender(ctx, {onMail, onDelivery: addDelivery, signal})
  if (!signal?.aborted) {
    const results: Array<InboundResult & {ref: string}> = []
    try {
      const source = await sources.get()
      if (source) {
        await receiveMail(ctx, source, {
          signal,
          onResult: (result, ref) => {
            results.push({...result, ref})
            log.info('inbound', {id: result.id, ref, outcome: result.outcome, receiptNo: result.receiptNo, newReceiptNo: result.newReceiptNo})
            // Not filed where the source keeps done (or failed) messages: set aside, or skipped from now on.
            if (result.sourceProblem) log.warn('inbound message not filed in its source', {id: result.id, ref, outcome: result.outcome, problem: result.sourceProblem})
            if (ANSWERED_OUTCOMES.has(result.outcome) && !report.failures.some(f => f.step === 'outbox')) answers.kick()
          },
        })
        sources.succeeded()
        report.inbound = results
      } else {
        log.debug('the mail source is not reconnected yet', {retryInMs: sources.waitMs()})
      }
    } catch (error) {
      failed('inbound', error)
      await sources.drop()
      if (results.length > 0) report.inbound = results
    }
  }

  const now = ctx.clock.now()
  // Steps 3 and 4 on a shared store: only the holder of HOUSEKEEPING_LEASE, taken or renewed here.
  const isHousekeeper = !ctx.store.isShared || signal?.aborted || await acquireLease(
    ctx, HOUSEKEEPING_LEASE, options.holder ?? newLeaseHolder(), options.leaseTtlMs ?? DAEMON_LEASE_TTL_MS,
  ).catch(error => {
    failed('passwords', error)
    return false
  })
  // 3. Issued passwords whose viewing window has closed (SPEC §7).
  if (!signal?.aborted && isHousekeeper) {
    try {
      report.purgedPasswords = await ctx.store.write(manager => purgeExpiredPasswords(manager, now))
      if (report.purgedPasswords > 0) log.info('issued passwords purged', {count: report.purgedPasswords})
    } catch (error) {
      failed('passwords', error)
    }
  }

  // 4. Registration changes whose date has come (SPEC §2).
  if (!signal?.aborted && isHousekeeper) {
    try {
      report.appliedChanges = await ctx.store.write(manager => applyDueRegistrationChanges(manager, now))
      if (report.appliedChanges > 0) log.info('registration changes applied', {count: report.appliedChanges})
    } catch (error) {
      failed('registration', error)
    }
  }

  // 4b. Mail text past NSS_RETENTION_DAYS: inbound raw text, sent mails' data
  // (docs/mail.md "What the desk keeps").
  if (!signal?.aborted && isHousekeeper) {
    try {
      report.retention = await purgeExpiredMailText(ctx, now, signal)
      if (report.retention.messages + report.retention.mails + report.retention.attachments > 0) log.info('mail text purged after the retention period', {...report.retention})
    } catch (error) {
      failed('retention', error)
    }
  }

  // 4c. Idempotency keys past their retention (src/app/idempotency.ts: 30 days, at least the 7 promised).
  if (!signal?.aborted && isHousekeeper) {
    try {
      const purged = await ctx.store.write(manager => purgeIdempotencyKeys(manager, now))
      if (purged > 0) log.info('idempotency keys purged', {count: purged})
    } catch (error) {
      failed('idempotency-keys', error)
    }
  }

  // 4d. Reminders and the staff's digest, on business days, each once (issue 14, src/app/reminders.ts).
  let remindersSent = 0
  if (!signal?.aborted && isHousekeeper) {
    try {
      report.reminders = await sendReminders(ctx, now)
      remindersSent = Object.values(report.reminders).reduce((sum, n) => sum + n, 0)
      if (remindersSent > 0) log.info('reminders written', {...report.reminders})
    } catch (error) {
      failed('reminders', error)
    }
  }

  // 4e. Drafts not saved for NSS_DRAFT_DAYS, and amendment drafts whose application left query (issue 13).
  if (!signal?.aborted && isHousekeeper) {
    try {
      const {purgeDrafts} = await import('./drafts.use-case')
      const purged = await purgeDrafts(ctx, now)
      if (purged > 0) log.info('drafts purged', {count: purged})
    } catch (error) {
      failed('drafts', error)
    }
  }

  // 5. The answers to this cycle's replies go out now, not a cycle later: those the sender has in hand,
  // then any it did not get to.
  try {
    await answers.finish()
  } catch (error) {
    failed('outbox', error)
  }
  if (!signal?.aborted && ((report.inbound?.length ?? 0) > 0 || remindersSent > 0) && !report.failures.some(f => f.step === 'outbox')) {
    try {
      addDelivery(await deliverOutbox(ctx, {onlyNew: true}, {onMail}))
    } catch (error) {
      failed('outbox', error)
    }
  }

  const summary = {
    outbox: report.outbox, inbound: report.inbound?.length ?? null, purgedPasswords: report.purgedPasswords,
    appliedChanges: report.appliedChanges, retention: report.retention, failures: report.failures.length,
  }
  // An idle cycle is a debug line only: cron would mail every line a quiet run wrote.
  if (isBusyCycle(report)) log.info('cycle done', summary)
  else log.debug('cycle done', summary)
  return report
}

/** Whether a cycle did anything worth a line: mail moved, messages read, or a step failed. */
export function isBusyCycle(report: CycleReport): boolean {
  const mails = report.outbox ? report.outbox.sent + report.outbox.pending + report.outbox.failed : 0
  return mails > 0 || (report.inbound?.length ?? 0) > 0 || report.failures.length > 0 ||
    (report.purgedPasswords ?? 0) > 0 || (report.appliedChanges ?? 0) > 0 ||
    (report.retention ? report.retention.messages + report.retention.mails : 0) > 0 ||
    (report.reminders ? Object.values(report.reminders).some(n => n > 0) : false)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

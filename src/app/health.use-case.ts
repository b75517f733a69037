/**
 * `nss health` (issue 15): what an operator or a monitor needs to know about a desk, each check ok,
 * warn or fail with its reason — the store reachable and migrated, the secret key, the daemons' last
 * cycles and leases, inbound mail kept as failed, the outbox (failed, bounced, pending and the oldest
 * pending one's age), free disk in NSS_HOME. A check that cannot be made (the store is down) fails
 * itself and never hides the others: the report is always whole.
 *
 * Exit codes (docs/commands.md, Exit codes): 0 when nothing fails (warnings are printed and in the JSON), 6
 * when a check fails; `--strict` makes a warning exit 6 too.
 */
import * as fs from 'node:fs'
import {DeskError} from '../domain/errors'
import {message, type MessageArgs, type MessageKey} from '../domain/messages'
import type {Locale} from '../domain/vocabulary'
import type {DeskConfig} from './config'
import type {DeskContext} from './context'

export type HealthStatus = 'ok' | 'warn' | 'fail'

export type HealthCheckName = 'store' | 'secret' | 'daemon' | 'inbound' | 'outbox' | 'disk'

export interface HealthCheck {
  name: HealthCheckName
  status: HealthStatus
  /** Why, in one line (also for ok: what was found), in the reader's language (English for /readyz). */
  reason: string
  /** The figures behind it, for scripts. */
  details: Record<string, unknown>
}

export interface HealthReport {
  /** The worst status of the checks. */
  status: HealthStatus
  checkedAt: string
  checks: HealthCheck[]
}

/** The thresholds (minutes, bytes, per mille) at which a figure warns or fails. */
export const HEALTH_LIMITS = {
  /** A daemon's last cycle older than this warns (cron runs one every minute; a service at least every --interval). */
  cycleWarnMinutes: 10,
  cycleFailMinutes: 60,
  /** The oldest pending mail: delivery is tried every cycle. */
  pendingWarnMinutes: 15,
  pendingFailMinutes: 120,
  /** Failed or bounced mails this recent warn; older ones are history (`nss mail outbox --status failed`). */
  recentMailDays: 7,
  /** Free disk: below NSS_HEALTH_MIN_FREE_MB fails, below this many times it warns; and these shares of the disk. */
  diskWarnFactor: 10,
  diskWarnPerMille: 100,
  diskFailPerMille: 20,
} as const

const RANK: Record<HealthStatus, number> = {ok: 0, warn: 1, fail: 2}

function worst(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok' as HealthStatus)
}

const minutesBetween = (from: string, to: Date) => Math.floor((to.getTime() - Date.parse(from)) / 60_000)

/** The sentences of the checks, in one reader's language. */
type Say = <K extends MessageKey>(key: K, ...params: MessageArgs<K>) => string

/**
 * Several reasons of one check in one line: English joins its clauses with "; " (as scripts have read
 * them); each Japanese reason is a sentence of its own (。), and Japanese sentences follow one another.
 */
function joinReasons(locale: Locale, reasons: string[]): string {
  return reasons.join(locale === 'en' ? '; ' : '')
}

function failed(name: HealthCheckName, error: unknown, locale: Locale): HealthCheck {
  const reason = error instanceof DeskError ? error.in(locale).message : error instanceof Error ? error.message : String(error)
  return {name, status: 'fail', reason, details: {}}
}

/**
 * Every check of a desk. `open` opens the store (and fails as `nss status` would on a missing or
 * unmigrated one); the checks that need it fail with its reason when it cannot be opened. The reasons
 * are said in `locale` (`nss health`: the reader's); English by default, as the desk server's /readyz
 * answers a load balancer.
 */
export async function checkHealth(
  config: DeskConfig, open: () => Promise<DeskContext>, now: () => Date, options: {keepOpen?: boolean; locale?: Locale} = {},
): Promise<HealthReport> {
  const locale = options.locale ?? 'en'
  const say: Say = (key, ...params) => message(locale, key, ...params)
  const checks: HealthCheck[] = []
  let ctx: DeskContext | null = null
  let isStoreReadable = false
  try {
    ctx = await open()
    await ctx.store.read(manager => manager.query('SELECT 1'))
    isStoreReadable = true
    checks.push({name: 'store', status: 'ok', reason: say('app.healthStoreOk', {kind: config.store.kind}), details: {kind: config.store.kind}})
  } catch (error) {
    checks.push(failed('store', error, locale))
  }
  checks.push(checkSecret(config, locale, say))
  for (const [name, check] of [['daemon', checkDaemon], ['inbound', checkInbound], ['outbox', checkOutbox]] as const) {
    if (!ctx || !isStoreReadable) {
      checks.push({name, status: 'fail', reason: say('app.healthNotChecked'), details: {}})
      continue
    }
    try {
      checks.push(await check(ctx, now(), locale, say))
    } catch (error) {
      checks.push(failed(name, error, locale))
    }
  }
  checks.push(checkDisk(config, locale, say))
  // The desk server's /readyz checks with its own context, which stays open.
  if (!options.keepOpen) {
    try {
      await ctx?.store.close()
    } catch {}
  }
  return {status: worst(checks.map(c => c.status)), checkedAt: now().toISOString(), checks}
}

function checkSecret(config: DeskConfig, locale: Locale, say: Say): HealthCheck {
  try {
    // From the file each time: a key removed or made unreadable shows at once.
    const {readSecretKey} = require('./secret-key') as typeof import('./secret-key')
    readSecretKey(config.home)
    return {name: 'secret', status: 'ok', reason: say('app.healthSecretOk'), details: {}}
  } catch (error) {
    return failed('secret', error, locale)
  }
}

async function checkDaemon(ctx: DeskContext, now: Date, locale: Locale, say: Say): Promise<HealthCheck> {
  const {DaemonCycleEntity, LeaseEntity} = await import('../store/entities')
  const [cycles, leases] = await ctx.store.read(async manager => [
    await manager.find(DaemonCycleEntity, {order: {finishedAt: 'DESC'}, take: 20}),
    await manager.find(LeaseEntity, {order: {name: 'ASC'}}),
  ] as const)
  const details = {
    lastCycles: cycles.map(c => ({holder: c.holder, finishedAt: c.finishedAt, ageMinutes: minutesBetween(c.finishedAt, now), failedSteps: c.failedSteps ? c.failedSteps.split(',') : []})),
    leases: leases.map(l => ({name: l.name, holder: l.holder, expiresAt: l.expiresAt, isExpired: Date.parse(l.expiresAt) < now.getTime()})),
  }
  const last = details.lastCycles[0]
  if (!last) return {name: 'daemon', status: 'warn', reason: say('app.healthNoCycleYet'), details}
  const stale = details.leases.filter(l => l.isExpired)
  const statuses: HealthStatus[] = [
    last.ageMinutes > HEALTH_LIMITS.cycleFailMinutes ? 'fail' : last.ageMinutes > HEALTH_LIMITS.cycleWarnMinutes ? 'warn' : 'ok',
    last.failedSteps.length > 0 ? 'warn' : 'ok',
    stale.length > 0 ? 'warn' : 'ok',
  ]
  const reasons = [say('app.healthLastCycle', {minutes: last.ageMinutes, holder: last.holder})]
  if (last.failedSteps.length > 0) reasons.push(say('app.healthFailedSteps', {steps: last.failedSteps.join(', ')}))
  for (const lease of stale) reasons.push(say('app.healthLeaseExpired', {name: lease.name, holder: lease.holder, expiresAt: lease.expiresAt}))
  return {name: 'daemon', status: worst(statuses), reason: joinReasons(locale, reasons), details}
}

async function checkInbound(ctx: DeskContext, _now: Date, _locale: Locale, say: Say): Promise<HealthCheck> {
  const {InboundMessageEntity} = await import('../store/entities')
  const failedCount = await ctx.store.read(manager => manager.count(InboundMessageEntity, {where: {state: 'failed'}}))
  return failedCount === 0
    ? {name: 'inbound', status: 'ok', reason: say('app.healthInboundOk'), details: {failed: 0}}
    : {name: 'inbound', status: 'warn', reason: say('app.healthInboundFailed', {count: failedCount}), details: {failed: failedCount}}
}

async function checkOutbox(ctx: DeskContext, now: Date, locale: Locale, say: Say): Promise<HealthCheck> {
  const {OutboxMailEntity} = await import('../store/entities')
  const since = new Date(now.getTime() - HEALTH_LIMITS.recentMailDays * 86_400_000).toISOString()
  const {byStatus, recent, oldestPending} = await ctx.store.read(async manager => {
    const rows: {status: string; count: string | number}[] = await manager.createQueryBuilder(OutboxMailEntity, 'o')
      .select('o.status', 'status').addSelect('COUNT(*)', 'count').groupBy('o.status').getRawMany()
    const recentRows: {status: string; count: string | number}[] = await manager.createQueryBuilder(OutboxMailEntity, 'o')
      .select('o.status', 'status').addSelect('COUNT(*)', 'count')
      .where('o.status IN (:...statuses) AND o.createdAt >= :since', {statuses: ['failed', 'bounced'], since}).groupBy('o.status').getRawMany()
    const oldest = await manager.createQueryBuilder(OutboxMailEntity, 'o')
      .where('o.status IN (:...statuses)', {statuses: ['pending', 'sending']}).orderBy('o.createdAt', 'ASC').getOne()
    return {
      byStatus: Object.fromEntries(rows.map(r => [r.status, Number(r.count)])) as Record<string, number>,
      recent: Object.fromEntries(recentRows.map(r => [r.status, Number(r.count)])) as Record<string, number>,
      oldestPending: oldest?.createdAt ?? null,
    }
  })
  const pending = (byStatus.pending ?? 0) + (byStatus.sending ?? 0)
  const oldestPendingMinutes = oldestPending ? minutesBetween(oldestPending, now) : null
  const details = {
    pending, failed: byStatus.failed ?? 0, bounced: byStatus.bounced ?? 0, sent: byStatus.sent ?? 0,
    recentFailed: recent.failed ?? 0, recentBounced: recent.bounced ?? 0, oldestPendingAt: oldestPending, oldestPendingMinutes,
  }
  const statuses: HealthStatus[] = [
    oldestPendingMinutes === null ? 'ok' : oldestPendingMinutes > HEALTH_LIMITS.pendingFailMinutes ? 'fail' : oldestPendingMinutes > HEALTH_LIMITS.pendingWarnMinutes ? 'warn' : 'ok',
    details.recentFailed + details.recentBounced > 0 ? 'warn' : 'ok',
  ]
  const reasons = [say('app.healthOutbox', {pending, oldestMinutes: oldestPendingMinutes, failed: details.failed, bounced: details.bounced})]
  if (details.recentFailed + details.recentBounced > 0) {
    reasons.push(say('app.healthOutboxRecent', {days: HEALTH_LIMITS.recentMailDays, failed: details.recentFailed, bounced: details.recentBounced}))
  }
  return {name: 'outbox', status: worst(statuses), reason: joinReasons(locale, reasons), details}
}

function checkDisk(config: DeskConfig, locale: Locale, say: Say): HealthCheck {
  try {
    const stats = fs.statfsSync(config.home)
    const freeBytes = stats.bavail * stats.bsize
    const totalBytes = stats.blocks * stats.bsize
    const perMille = totalBytes > 0 ? Math.floor((freeBytes * 1000) / totalBytes) : 0
    const minFreeBytes = config.healthMinFreeMiB * 1024 ** 2
    const status: HealthStatus = freeBytes < minFreeBytes || perMille < HEALTH_LIMITS.diskFailPerMille ? 'fail'
      : freeBytes < minFreeBytes * HEALTH_LIMITS.diskWarnFactor || perMille < HEALTH_LIMITS.diskWarnPerMille ? 'warn' : 'ok'
    const mib = (bytes: number) => `${Math.floor(bytes / 1024 ** 2)} MiB`
    return {name: 'disk', status, reason: say('app.healthDisk', {free: mib(freeBytes), total: mib(totalBytes), percent: (perMille / 10).toFixed(1), home: config.home}), details: {freeBytes, totalBytes, minFreeBytes}}
  } catch (error) {
    return failed('disk', error, locale)
  }
}

/**
 * `/readyz` (issue 12): whether this server can serve — the store reachable and migrated (the store
 * refuses a store whose migrations are not all applied), and secret.key readable. Each check is ok or
 * failed with its reason; the server answers 503 while any fails (a load balancer stops sending).
 */
import type {DeskContext} from '../app/context'
import type {HealthReport} from '../app/health.use-case'

export interface ReadinessCheck {
  name: 'store' | 'secret'
  ok: boolean
  reason?: string
}

export interface ReadinessReport {
  ready: boolean
  checks: ReadinessCheck[]
  /**
   * `nss health`'s report (issue 15): the daemon's cycles, inbound mail kept as failed, the outbox, free
   * disk as well. Informational: only the store and the secret decide `ready`, so a stalled daemon
   * does not take the server out of its load balancer (monitoring alerts on `health.status`).
   */
  health: HealthReport
}

async function check(name: ReadinessCheck['name'], work: () => Promise<unknown>): Promise<ReadinessCheck> {
  try {
    await work()
    return {name, ok: true}
  } catch (error) {
    return {name, ok: false, reason: error instanceof Error ? error.message : String(error)}
  }
}

export async function checkReadiness(ctx: DeskContext): Promise<ReadinessReport> {
  const checks = await Promise.all([
    check('store', () => ctx.store.read(manager => manager.query('SELECT 1'))),
    // Read from the file each time (not the process's copy): a key removed or made unreadable shows at once.
    check('secret', async () => {
      const {readSecretKey} = await import('../app/secret-key')
      readSecretKey(ctx.config.home)
    }),
  ])
  const {checkHealth} = await import('../app/health.use-case')
  const health = await checkHealth(ctx.config, async () => ctx, () => ctx.clock.now(), {keepOpen: true})
  return {ready: checks.every(c => c.ok), checks, health}
}

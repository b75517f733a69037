/**
 * `/readyz` (issue 12): whether this server can serve — the store reachable and migrated (the store
 * refuses a store whose migrations are not all applied), and secret.key readable. Each check is ok or
 * failed with its reason; the server answers 503 while any fails (a load balancer stops sending).
 */
import type {DeskContext} from '../app/context'

export interface ReadinessCheck {
  name: 'store' | 'secret'
  ok: boolean
  reason?: string
}

export interface ReadinessReport {
  ready: boolean
  checks: ReadinessCheck[]
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
  return {ready: checks.every(c => c.ok), checks}
}

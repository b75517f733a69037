import {maskDatabaseUrl} from '../store/postgres-connection'
import {loadConfig} from './config'
import {openContext} from './context'
import {ensureSecretKey} from './secret-key'

/** nss init: creates or migrates the store and creates the secret key file (mode 0600) if missing. */
export async function initDesk(): Promise<{home: string; store: string; secretKeyCreated: boolean}> {
  const config = loadConfig()
  const {created} = ensureSecretKey(config.home)
  const ctx = await openContext({config, migrate: true})
  await ctx.store.close()
  // A PostgreSQL URL is shown without its password.
  const store = config.store.kind === 'sqlite' ? config.store.path : maskDatabaseUrl(config.store.url)
  return {home: config.home, store, secretKeyCreated: created}
}

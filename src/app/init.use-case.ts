import {loadConfig} from './config'
import {openContext} from './context'
import {ensureSecretKey} from './secret-key'

/** nss init: creates or migrates the store and creates the secret key file (mode 0600) if missing. */
export async function initDesk(): Promise<{home: string; store: string; secretKeyCreated: boolean}> {
  const config = loadConfig()
  const {created} = ensureSecretKey(config.home)
  const ctx = await openContext({config, migrate: true})
  await ctx.store.close()
  const store = config.store.kind === 'sqlite' ? config.store.path : 'postgres'
  return {home: config.home, store, secretKeyCreated: created}
}

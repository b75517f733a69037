import * as fs from 'node:fs'
import * as path from 'node:path'
import {InfrastructureError} from '../domain/errors'
import type {Store} from '../store/store'
import {maskDatabaseUrl} from '../store/postgres-connection'
import {loadConfig} from './config'
import {openContext} from './context'
import {
  ModeChange, preparePrivateHome, preparePrivateMailFolders, preparePrivateStoreFile, PRIVATE_FILE_MODE, tightenMode,
} from './file-modes'
import {ensureSecretKey, SECRET_KEY_FILE} from './secret-key'

export interface InitResult {
  home: string
  store: string
  secretKeyCreated: boolean
  /** Paths whose mode init tightened (issue 11 point 13), for the command to say one line each. */
  tightened: ModeChange[]
}

/**
 * nss init: makes NSS_HOME private (a folder 0700; exit 6 when it is a file or cannot be created),
 * creates or migrates the store (a SQLite file created 0600), creates the mail folders (0700) and the
 * secret key file (0600) if missing, and tightens any of them found wider.
 *
 * A missing secret.key is made anew only on a store that holds nothing made with a key (issue 11
 * point 12): sealed passwords and the tokens of every reply and bounce address already mailed depend
 * on it, so a new key would silently fork the desk. With data, init refuses (exit 6, how to restore
 * the key) unless `newSecret` (`--new-secret`) says to make a new one anyway. An existing key is
 * never replaced.
 */
export async function initDesk(options: {newSecret?: boolean} = {}): Promise<InitResult> {
  const config = loadConfig()
  const tightened: ModeChange[] = []
  preparePrivateHome(config.home, tightened)
  if (config.store.kind === 'sqlite') preparePrivateStoreFile(config.store.path, tightened)
  const keyFile = path.join(config.home, SECRET_KEY_FILE)
  const ctx = await openContext({config, migrate: true})
  try {
    if (!fs.existsSync(keyFile) && !options.newSecret) {
      const held = await keyDependentData(ctx.store)
      if (held.length > 0) {
        throw new InfrastructureError(
          `${keyFile} is missing, but the store holds data made with it (${held.join(', ')}): restore secret.key `
          + `from your backup of ${config.home} (mode 0600) and run \`nss init\` again. \`nss init --new-secret\` `
          + 'makes a new key instead: the passwords sealed so far can then never be viewed, and replies and bounces '
          + 'to the mails sent so far are no longer recognised as signed')
      }
    }
  } finally {
    await ctx.store.close()
  }
  // A key readable by others is refused by readSecretKey; init makes it private again (and says so).
  tightenMode(keyFile, PRIVATE_FILE_MODE, tightened)
  const {created} = ensureSecretKey(config.home)
  preparePrivateMailFolders(config.home, tightened)
  // A PostgreSQL URL is shown without its password.
  const store = config.store.kind === 'sqlite' ? config.store.path : maskDatabaseUrl(config.store.url)
  return {home: config.home, store, secretKeyCreated: created, tightened}
}

/** What in the store depends on the secret key, as `N applications` …; empty when nothing does. */
async function keyDependentData(store: Store): Promise<string[]> {
  const counts = await store.read(async manager => {
    const count = async (sql: string) => Number((await manager.query(sql))[0].count)
    return {
      applications: await count('SELECT COUNT(*) AS "count" FROM "applications"'),
      'sealed passwords': await count('SELECT COUNT(*) AS "count" FROM "issued_passwords" WHERE "sealed" IS NOT NULL'),
      'outbox mails': await count('SELECT COUNT(*) AS "count" FROM "outbox"'),
      'inbound messages': await count('SELECT COUNT(*) AS "count" FROM "inbound_messages"'),
    }
  })
  return Object.entries(counts).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`)
}

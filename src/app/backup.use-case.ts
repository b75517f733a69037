/**
 * `nss store backup` (issue 15): the desk's own SQLite store, or the one named, into a new file
 * (src/store/backup.ts). A PostgreSQL store has its own tool, pg_dump (docs/operations.md).
 */
import {text} from '../domain/messages/text'
import {InvalidInputError} from '../domain/errors'
import type {StoreBackupReport} from '../store/backup'
import {loadConfig} from './config'

export async function backupStoreOfDesk(file: string, from?: string): Promise<StoreBackupReport> {
  let source = from
  if (source === undefined) {
    const {store} = loadConfig()
    if (store.kind !== 'sqlite') {
      throw new InvalidInputError(text('app.backupNotSqlite'), [{path: 'store', message: text('app.backupUsePgDump')}])
    }
    source = store.path
  }
  const {backupStore} = await import('../store/backup')
  return backupStore(source, file)
}

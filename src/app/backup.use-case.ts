/**
 * `nss store backup` (issue 15): the desk's own SQLite store, or the one named, into a new file
 * (src/store/backup.ts). A PostgreSQL store has its own tool, pg_dump (docs/operations.md).
 */
import {InvalidInputError} from '../domain/errors'
import type {StoreBackupReport} from '../store/backup'
import {loadConfig} from './config'

export async function backupStoreOfDesk(file: string, from?: string): Promise<StoreBackupReport> {
  let source = from
  if (source === undefined) {
    const {store} = loadConfig()
    if (store.kind !== 'sqlite') {
      throw new InvalidInputError('the store cannot be backed up', [{path: 'store', message: 'is PostgreSQL (NSS_DB): back it up with pg_dump (docs/operations.md)'}])
    }
    source = store.path
  }
  const {backupStore} = await import('../store/backup')
  return backupStore(source, file)
}

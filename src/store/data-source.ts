import 'reflect-metadata'
import {DataSource} from 'typeorm'
import type {StoreLocation} from '../app/config'
import {ENTITIES} from './entities'
import {SQLITE_MIGRATIONS} from './migrations/sqlite'
import {SQLITE_BUSY_TIMEOUT_MS} from './sqlite-connection'

/**
 * The DataSource for a store location. Migrations, never `synchronize` (SPEC §13): `nss init` runs
 * them; the other commands refuse a store whose migrations are pending.
 */
export function createDataSource(location: StoreLocation): DataSource {
  if (location.kind === 'postgres') {
    throw new Error('PostgreSQL stores are not supported yet (issue 7)')
  }
  return new DataSource({
    type: 'better-sqlite3',
    database: location.path,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsTransactionMode: 'all',
    // WAL lets readers work beside one writer; the busy timeout makes writers queue (SPEC §13).
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    synchronize: false,
    logging: false,
  })
}

import 'reflect-metadata'
import {DataSource} from 'typeorm'
import type {StoreLocation} from './store-location'
import {ENTITIES} from './entities'
import {POSTGRES_MIGRATIONS} from './migrations/postgres'
import {SQLITE_MIGRATIONS} from './migrations/sqlite'
import {POSTGRES_CONNECT_TIMEOUT_MS} from './postgres-connection'
import {SQLITE_BUSY_TIMEOUT_MS, SQLITE_CACHE_KIB, SQLITE_SYNCHRONOUS} from './sqlite-connection'

/**
 * The DataSource for a store location, with the migration set of its dialect (SPEC §13). Migrations,
 * never `synchronize`: `nss init` runs them; the other commands refuse a store whose migrations are
 * pending.
 */
export function createDataSource(location: StoreLocation): DataSource {
  if (location.kind === 'postgres') {
    return new DataSource({
      type: 'postgres',
      url: location.url,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      migrationsTransactionMode: 'all',
      connectTimeoutMS: POSTGRES_CONNECT_TIMEOUT_MS,
      applicationName: 'nss-desk',
      synchronize: false,
      logging: false,
    })
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
    prepareDatabase: (db: {pragma: (source: string) => unknown}) => {
      db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`)
      // Every commit durable before the desk acts on it outside the store (sqlite-connection.ts).
      db.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`)
    },
    synchronize: false,
    logging: false,
  })
}

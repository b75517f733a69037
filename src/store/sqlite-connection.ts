/**
 * What both SQLite connections of a process share (SPEC §13): TypeORM's, for writes, and the read
 * models' own (read-models.ts). This file loads neither TypeORM nor the driver until a connection opens.
 */
import type {Database} from 'better-sqlite3'

/** How long a SQLite statement waits for another process's write lock before SQLITE_BUSY (SPEC §13). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000

/**
 * SQLite's page cache for TypeORM's connection, in KiB (PRAGMA cache_size = -N). The build's default
 * is 16 MB; the daemon's connection filled it as the store grew past it and kept it all its life, a
 * tenth of its resident set (issue 6 part 5: ≤ 200 MB). The pages it no longer holds are in the
 * kernel's page cache, a system call away; the statements the desk runs are index lookups.
 */
export const SQLITE_CACHE_KIB = 4096

/**
 * A plain better-sqlite3 connection to an existing store. The journal mode needs no setting here: WAL
 * is a property of the database file, set when `nss init` first opened it through TypeORM (`enableWAL`).
 */
export function openSqliteConnection(file: string): Database {
  const Driver = require('better-sqlite3') as typeof import('better-sqlite3')
  return new Driver(file, {fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS})
}

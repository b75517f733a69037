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
 * `PRAGMA synchronous` of the write connection: FULL (2), so that a commit is on disk (the WAL
 * fsynced) when it returns (issue 11 point 15). The build's default in WAL mode is NORMAL
 * (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1), where a commit reaches the disk only at the next checkpoint: a
 * power cut could then undo a commit whose effect is already outside the store — a receipt number
 * printed to a script, a reply moved from `new/` to `cur/`, a mail marked sent. FULL costs one
 * fdatasync of the WAL per commit (docs/performance.md).
 */
export const SQLITE_SYNCHRONOUS = 'FULL'

/**
 * A plain better-sqlite3 connection to an existing store. The journal mode needs no setting here: WAL
 * is a property of the database file, set when `nss init` first opened it through TypeORM (`enableWAL`).
 */
export function openSqliteConnection(file: string): Database {
  const Driver = require('better-sqlite3') as typeof import('better-sqlite3')
  return new Driver(file, {fileMustExist: true, timeout: SQLITE_BUSY_TIMEOUT_MS})
}

/**
 * `nss store backup`: a consistent copy of a SQLite store while the CLI and the daemon write to it
 * (issue 15), through SQLite's online backup API as better-sqlite3 exposes it.
 *
 * The source connection holds one read transaction for the whole backup: in WAL mode that is one
 * snapshot, which writers do not wait for and which the backup copies page by page (a backup step
 * reads through the connection's own transaction, so no write of another process restarts it). In the
 * same snapshot each table's row count and checksum are taken (as `nss store copy` takes them), and the
 * copy must show the same ones, pass `PRAGMA integrity_check` and hold every migration of this build.
 *
 * The copy is written under a temporary name beside FILE, created 0600 before SQLite writes a byte,
 * fsynced, and only then linked to FILE — which must not exist: a backup never replaces a file — and
 * the folder fsynced. A failure at any point leaves no FILE and no temporary file.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {Database} from 'better-sqlite3'
import {InfrastructureError, InvalidInputError, type IssueInput} from '../domain/errors'
import {text} from '../domain/messages/text'
import {openSqliteStore, sqliteChecksum, tablesOf} from './copy'
import {openSqliteConnection} from './sqlite-connection'

export interface BackedUpTable {
  table: string
  rows: number
  /** The table's checksum (hex), equal in the store's snapshot and in the copy. */
  checksum: string
}

export interface StoreBackupReport {
  from: string
  file: string
  bytes: number
  /** The last migration in the copy: what a restore needs this build (or a later one) for. */
  lastMigration: string
  integrityCheck: 'ok'
  tables: BackedUpTable[]
}

/** Pages copied per backup step; between steps the event loop runs (the process stays responsive). */
const PAGES_PER_STEP = 1024

/** Backs up the SQLite store `from` into the new file `to`; every problem with the two is named before anything is written. */
export async function backupStore(from: string, to: string): Promise<StoreBackupReport> {
  const issues: IssueInput[] = []
  const target = path.resolve(to)
  checkTarget(target, path.resolve(from), issues)
  const source = openSqliteStore(from, 'store', issues)
  if (issues.length > 0 || !source) {
    source?.close()
    throw new InvalidInputError(text('store.cannotBackUp'), issues)
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}`)
  try {
    source.prepare('BEGIN').run()
    let expected: BackedUpTable[]
    try {
      // The snapshot starts with the transaction's first read.
      expected = tablesOf(source).map(table => ({table, ...sqliteChecksum(source, table)}))
      fs.closeSync(fs.openSync(temporary, 'wx', 0o600))
      await source.backup(temporary, {progress: () => PAGES_PER_STEP})
    } finally {
      source.prepare('COMMIT').run()
    }
    const lastMigration = verifyCopy(temporary, expected)
    fsyncFile(temporary)
    // link(2) refuses an existing name: a FILE made meanwhile is not replaced.
    fs.linkSync(temporary, target)
    fs.unlinkSync(temporary)
    fsyncFile(path.dirname(target))
    return {from, file: target, bytes: fs.statSync(target).size, lastMigration, integrityCheck: 'ok', tables: expected}
  } catch (error) {
    fs.rmSync(temporary, {force: true})
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(temporary + suffix, {force: true})
    if (error instanceof InfrastructureError) throw error
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InvalidInputError(text('store.cannotBackUp'), [{path: 'file', message: text('store.issueBackupExists', {file: to})}])
    }
    throw new InfrastructureError(text('store.backupFailed', {file: from, reason: (error as Error).message}))
  } finally {
    source.close()
  }
}

function checkTarget(target: string, source: string, issues: IssueInput[]): void {
  if (target === source) {
    issues.push({path: 'file', message: text('store.issueIsStoreItself')})
  } else if (fs.existsSync(target)) {
    issues.push({path: 'file', message: text('store.issueBackupExists', {file: target})})
  } else if (!fs.statSync(path.dirname(target), {throwIfNoEntry: false})?.isDirectory()) {
    issues.push({path: 'file', message: text('store.issueNoFolder', {folder: path.dirname(target)})})
  }
}

/** The copy holds what the snapshot held, table by table, and SQLite finds it sound; the name of its last migration. */
function verifyCopy(file: string, expected: BackedUpTable[]): string {
  let copy: Database | null = null
  try {
    copy = openSqliteConnection(file)
    copy.pragma('query_only = ON')
    const integrity = copy.pragma('integrity_check', {simple: true})
    if (integrity !== 'ok') throw new InfrastructureError(text('store.backupIntegrity', {result: String(integrity)}))
    const tables = tablesOf(copy)
    const wanted = expected.map(t => t.table)
    if (tables.join(',') !== wanted.join(',')) {
      throw new InfrastructureError(text('store.backupTables', {tables: tables.join(', '), wanted: wanted.join(', ')}))
    }
    for (const table of expected) {
      const actual = sqliteChecksum(copy, table.table)
      if (actual.rows !== table.rows || actual.checksum !== table.checksum) {
        throw new InfrastructureError(text('store.backupRows', {
          table: table.table, copyRows: actual.rows, copyChecksum: actual.checksum.slice(0, 16), storeRows: table.rows, storeChecksum: table.checksum.slice(0, 16),
        }))
      }
    }
    return copy.prepare('SELECT "name" FROM "migrations" ORDER BY "timestamp" DESC, "id" DESC LIMIT 1').pluck().get() as string
  } finally {
    copy?.close()
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * `nss store copy`: moves a whole SQLite store to PostgreSQL (issue 7), checked row for row.
 *
 * Everything happens in one PostgreSQL transaction: the migrations the target still needs, every row
 * of every table, the id sequences moved past the copied ids, and the verification — per table the
 * row count and a checksum computed the same way on both sides. Any failure, a mismatch included,
 * rolls the whole transaction back: the target is left as it was. The source is read in one read
 * transaction, so a store in use is copied as of one commit (stop the daemons first all the same: what
 * they write after that commit is not copied).
 *
 * The checksum of a table is the SHA-256 of its rows' SHA-256s, sorted: each row is hashed as the JSON
 * array of its values in column-name order. Both stores keep the same column types (text for instants
 * and JSON, integers for numbers), so equal rows hash equal whatever order each database lists them in.
 */
import {createHash} from 'node:crypto'
import * as fs from 'node:fs'
import type {Database} from 'better-sqlite3'
import type {DataSource, QueryRunner} from 'typeorm'
import {InfrastructureError, InvalidInputError, type IssueInput} from '../domain/errors'
import {text} from '../domain/messages/text'
import {SQLITE_MIGRATIONS} from './migrations/sqlite'
import {maskDatabaseUrl} from './postgres-connection'
import {knownMigrationNames} from './read-models'
import {openSqliteConnection} from './sqlite-connection'
import {storeProblemText, translateStoreError} from './store'

/** What was copied, table by table, and how it was checked. */
export interface CopiedTable {
  table: string
  rows: number
  /** The checksum of the source table (hex); the target's was equal. */
  checksum: string
}

export interface StoreCopyReport {
  from: string
  /** The target URL with its password masked. */
  to: string
  tables: CopiedTable[]
  /** Migrations the target ran in the copy's transaction (none when `nss init` had made it). */
  migrated: string[]
}

/** Rows inserted per statement (PostgreSQL takes at most 65,535 parameters in one). */
const INSERT_BATCH_ROWS = 200
/** Rows read per FETCH when verifying the target. */
const FETCH_ROWS = 2000
/** TypeORM's bookkeeping and SQLite's own: not the desk's data. */
const SKIPPED_TABLES = new Set(['migrations', 'sqlite_sequence'])

/**
 * Copies the SQLite store at `from` into the PostgreSQL database at `to`, which must hold no desk rows
 * (empty, or just made by `nss init`). Every problem with the two is named before anything changes.
 */
export async function copyStore(from: string, to: string): Promise<StoreCopyReport> {
  const issues: IssueInput[] = []
  const source = openSqliteStore(from, '--from', issues)
  const target = checkTargetUrl(to, issues)
  let dataSource: DataSource | null = null
  try {
    if (target) dataSource = await openTarget(to, issues)
    if (source && dataSource) await checkTargetEmpty(dataSource, source, issues)
    if (issues.length > 0 || !source || !dataSource) {
      // Only an unreachable target? That is the server's problem (exit 6), not the input's.
      const isOnlyUnreachable = issues.length === 1 && issues[0].path === '--to' && source !== null && target !== null && dataSource === null
      if (isOnlyUnreachable) throw new InfrastructureError(issues[0].message)
      throw new InvalidInputError(text('store.cannotCopy'), issues)
    }
    return await copyInOneTransaction(source, dataSource, from, to)
  } finally {
    source?.close()
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined)
  }
}

/**
 * An existing SQLite store with every migration of this build run, opened read-only (the source of a
 * copy or a backup); null with the problems in `issues`, under the name `flag`.
 */
export function openSqliteStore(from: string, flag: string, issues: IssueInput[]): Database | null {
  if (/^postgres(ql)?:\/\//.test(from)) {
    issues.push({path: flag, message: text('store.issueNotSqliteFile')})
    return null
  }
  if (!fs.statSync(from, {throwIfNoEntry: false})?.isFile()) {
    issues.push({path: flag, message: text('store.issueNoStoreFile', {file: from})})
    return null
  }
  let db: Database | null = null
  try {
    db = openSqliteConnection(from)
    db.pragma('query_only = ON')
    const hasTable = db.prepare('SELECT 1 FROM "sqlite_master" WHERE "type" = \'table\' AND "name" = \'migrations\'').get()
    if (!hasTable) {
      issues.push({path: flag, message: text('store.issueNotDeskStore', {file: from})})
    } else {
      const executed = new Set(db.prepare('SELECT "name" FROM "migrations"').pluck().all() as string[])
      if (!knownMigrationNames(SQLITE_MIGRATIONS).every(name => executed.has(name))) {
        issues.push({path: flag, message: text('store.issueNeedsMigrating', {file: from})})
      }
    }
  } catch (error) {
    issues.push({path: flag, message: text('store.issueUnreadable', {file: from, reason: (error as Error).message})})
  }
  if (issues.some(issue => issue.path === flag)) {
    db?.close()
    return null
  }
  return db
}

function checkTargetUrl(to: string, issues: IssueInput[]): URL | null {
  let url: URL | null = null
  try {
    url = new URL(to)
  } catch {
    // The message never repeats the value: it may hold a password.
  }
  if (!url || !/^postgres(ql)?:$/.test(url.protocol) || !url.hostname) {
    issues.push({path: '--to', message: text('store.issueNotPostgresUrl')})
    return null
  }
  if (url.pathname.replace(/^\//, '') === '') {
    issues.push({path: '--to', message: text('store.issueNoDatabase', {url: maskDatabaseUrl(to)})})
    return null
  }
  return url
}

async function openTarget(to: string, issues: IssueInput[]): Promise<DataSource | null> {
  const {createDataSource} = await import('./data-source')
  const dataSource = createDataSource({kind: 'postgres', url: to})
  try {
    await dataSource.initialize()
    return dataSource
  } catch (error) {
    const message = storeProblemText(error, {kind: 'postgres', url: to})
      ?? text('store.targetUnusable', {url: maskDatabaseUrl(to), reason: (error as Error).message})
    issues.push({path: '--to', message})
    return null
  }
}

/** The desk's tables: those of the source, which the target must have or its migrations create. */
export function tablesOf(source: Database): string[] {
  return (source.prepare('SELECT "name" FROM "sqlite_master" WHERE "type" = \'table\' ORDER BY "name"').pluck().all() as string[])
    .filter(name => !SKIPPED_TABLES.has(name))
}

/** A target that already holds desk rows is refused, naming each table that has some. */
async function checkTargetEmpty(dataSource: DataSource, source: Database, issues: IssueInput[]): Promise<void> {
  for (const table of tablesOf(source)) {
    const [{exists}] = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS "exists"`, [`"${table}"`])
    if (!exists) continue
    const [{count}] = await dataSource.query(`SELECT count(*)::int AS "count" FROM "${table}"`)
    if (count > 0) issues.push({path: '--to', message: text('store.issueTargetNotEmpty', {table, count})})
  }
}

async function copyInOneTransaction(source: Database, dataSource: DataSource, from: string, to: string): Promise<StoreCopyReport> {
  const {MigrationExecutor} = await import('typeorm')
  const runner = dataSource.createQueryRunner()
  const report: StoreCopyReport = {from, to: maskDatabaseUrl(to), tables: [], migrated: []}
  source.prepare('BEGIN').run()
  try {
    await runner.startTransaction('SERIALIZABLE')
    const executor = new MigrationExecutor(dataSource, runner)
    executor.transaction = 'none'
    report.migrated = (await executor.executePendingMigrations()).map(migration => migration.name)
    for (const table of tablesOf(source)) {
      const columns = await checkColumns(source, runner, table)
      const copied = await copyRows(source, table, columns, runner)
      await moveSequencePast(runner, table, columns)
      const expected = sqliteChecksum(source, table, columns)
      const actual = await targetChecksum(runner, table, columns)
      if (expected.rows !== copied || actual.rows !== expected.rows || actual.checksum !== expected.checksum) {
        throw new InfrastructureError(text('store.copyMismatch', {
          table, sourceRows: expected.rows, sourceChecksum: expected.checksum.slice(0, 16), targetRows: actual.rows, targetChecksum: actual.checksum.slice(0, 16),
        }))
      }
      report.tables.push({table, rows: expected.rows, checksum: expected.checksum})
    }
    await runner.commitTransaction()
    return report
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined)
    throw translateStoreError(error, {kind: 'postgres', url: to})
  } finally {
    source.prepare('COMMIT').run()
    await runner.release()
  }
}

/** The table's columns, which must be the same on both sides (same names; the migrations keep them so). */
async function checkColumns(source: Database, runner: QueryRunner, table: string): Promise<string[]> {
  const sourceColumns = (source.prepare(`SELECT "name" FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort()
  const rows: {column_name: string}[] = await runner.query(
    'SELECT "column_name" FROM "information_schema"."columns" WHERE "table_schema" = current_schema() AND "table_name" = $1', [table])
  const targetColumns = rows.map(row => row.column_name).sort()
  if (sourceColumns.join(',') !== targetColumns.join(',')) {
    throw new InfrastructureError(text('store.columnsDiffer', {table, source: sourceColumns.join(', '), target: targetColumns.join(', ')}))
  }
  return sourceColumns
}

async function copyRows(source: Database, table: string, columns: string[], runner: QueryRunner): Promise<number> {
  const iterator = source.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw().iterate() as Iterable<unknown[]>
  let batch: unknown[][] = []
  let count = 0
  const flush = async () => {
    if (batch.length === 0) return
    const values = batch.map((_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`)
    await runner.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${values.join(', ')}`, batch.flat())
    count += batch.length
    batch = []
  }
  for (const row of iterator) {
    batch.push(row)
    if (batch.length >= INSERT_BATCH_ROWS) await flush()
  }
  await flush()
  return count
}

/** The next generated id of a copied table comes after the copied ones. */
async function moveSequencePast(runner: QueryRunner, table: string, columns: string[]): Promise<void> {
  if (!columns.includes('id')) return
  const [{sequence}] = await runner.query(`SELECT pg_get_serial_sequence($1, 'id') AS "sequence"`, [quote(table)])
  if (!sequence) return
  await runner.query(`SELECT setval($1, COALESCE((SELECT MAX("id") FROM ${quote(table)}), 0) + 1, false)`, [sequence])
}

async function targetChecksum(runner: QueryRunner, table: string, columns: string[]): Promise<{rows: number; checksum: string}> {
  const cursor = `nss_copy_${table}`
  await runner.query(`DECLARE ${quote(cursor)} NO SCROLL CURSOR FOR SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`)
  const hashes: string[] = []
  for (;;) {
    const rows: Record<string, unknown>[] = await runner.query(`FETCH ${FETCH_ROWS} FROM ${quote(cursor)}`)
    if (rows.length === 0) break
    for (const row of rows) hashes.push(rowHash(columns.map(column => row[column])))
  }
  await runner.query(`CLOSE ${quote(cursor)}`)
  return {rows: hashes.length, checksum: combine(hashes)}
}

/** The row count and checksum of a SQLite table (its columns in name order unless given). */
export function sqliteChecksum(db: Database, table: string, columns?: string[]): {rows: number; checksum: string} {
  const names = columns ?? (db.prepare(`SELECT "name" FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort()
  return checksumOf(db.prepare(`SELECT ${names.map(quote).join(', ')} FROM ${quote(table)}`).raw().iterate() as Iterable<unknown[]>)
}

function checksumOf(rows: Iterable<unknown[]>): {rows: number; checksum: string} {
  const hashes: string[] = []
  for (const row of rows) hashes.push(rowHash(row))
  return {rows: hashes.length, checksum: combine(hashes)}
}

function rowHash(values: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex')
}

function combine(hashes: string[]): string {
  const hash = createHash('sha256')
  for (const rowHash of hashes.sort()) hash.update(rowHash)
  return hash.digest('hex')
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

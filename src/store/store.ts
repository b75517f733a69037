import * as fs from 'node:fs'
import * as path from 'node:path'
import type {DataSource, EntityManager, QueryRunner} from 'typeorm'
import type {StoreLocation} from './store-location'
import {DeskError, InfrastructureError} from '../domain/errors'
import type {PostgresProblem, SqliteProblem} from '../domain/messages/ja/store'
import {text, type LocalText} from '../domain/messages/text'
import {Mutex} from './mutex'
import {maskDatabaseUrl} from './postgres-connection'
import type {LoginCounter, ReadModels} from './read-models'

/**
 * The store as work inside one of its snapshots sees it: `snapshot` runs in that snapshot (`reads`)
 * instead of opening another; everything else is the store's own. The desk server reads a request's
 * token and its answer in one read transaction this way (a read transaction costs the WAL's read lock
 * and its release: docs/performance.md).
 */
export function insideSnapshot(store: Store, reads: ReadModels): Store {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'snapshot') return <T>(work: (reads: ReadModels) => Promise<T>): Promise<T> => work(reads)
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** How often a write transaction is retried when another process holds the write lock (or, on PostgreSQL, after a serialization failure or a deadlock). */
const MAX_BUSY_RETRIES = 12

/**
 * The store: the one place transactions are opened (SPEC §13).
 * - SQLite: `write` opens `BEGIN IMMEDIATE`: a deferred BEGIN that reads and then writes fails with
 *   SQLITE_BUSY_SNAPSHOT under a second writing process, which no busy timeout cures. SQLITE_BUSY* is
 *   retried with backoff, so it never reaches a user. Both `read` and `write` take the in-process
 *   mutex: better-sqlite3 shares one connection.
 * - PostgreSQL: `write` is a READ COMMITTED transaction on a connection of TypeORM's pool; what must
 *   not be done twice takes row locks (src/store/claims.ts, repositories.ts). A serialization failure
 *   or a deadlock (40001, 40P01) is retried like SQLITE_BUSY. No mutex: each transaction has its own
 *   connection, so a daemon's heartbeat and its cycle run side by side.
 * - `snapshot` reads the read models (read-models.ts) on a connection of their own, without TypeORM.
 * - Each connection opens on first use, so a command loads TypeORM only when it goes through it
 *   (SPEC §14: `nss status` and logins read without it).
 */
export class Store {
  private readonly mutex = new Mutex()
  private opening?: Promise<DataSource>
  private readModels?: Promise<ReadModels>
  private keepsReads = false

  constructor(readonly location: StoreLocation, private readonly options: {migrate?: boolean} = {}) {}

  /**
   * Whether several processes work this store side by side (PostgreSQL: several daemons claim rows),
   * rather than one daemon at a time under the store's lease (SQLite). See src/app/daemon.use-case.ts.
   */
  get isShared(): boolean {
    return this.location.kind === 'postgres'
  }

  /** TypeORM's DataSource, opened on first use: migrated (`nss init`) or checked to need no migration. */
  dataSource(): Promise<DataSource> {
    // A failed opening is not kept: a long-running process (nss serve, the daemon) tries again on the
    // next call, once the server is back or the store migrated.
    return (this.opening ??= openDataSource(this.location, this.options).catch(error => {
      this.opening = undefined
      throw error
    }))
  }

  /** Runs read-only work outside a transaction. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const dataSource = await this.dataSource()
    return this.serialised(async () => {
      try {
        return await work(dataSource.manager)
      } catch (error) {
        throw translateStoreError(error, this.location)
      }
    })
  }

  /** Runs `work` in one write transaction; commits when it resolves, rolls back when it throws. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const dataSource = await this.dataSource()
    const isPostgres = this.location.kind === 'postgres'
    return this.serialised(async () => {
      for (let attempt = 1; ; attempt++) {
        const runner = dataSource.createQueryRunner()
        try {
          if (isPostgres) await runner.startTransaction('READ COMMITTED')
          else await beginImmediate(runner)
          const result = await work(runner.manager)
          if (isPostgres) await runner.commitTransaction()
          else await finish(runner, 'COMMIT')
          return result
        } catch (error) {
          if (runner.isTransactionActive) {
            await (isPostgres ? runner.rollbackTransaction() : finish(runner, 'ROLLBACK')).catch(() => undefined)
          }
          if (isRetryable(error) && attempt < MAX_BUSY_RETRIES) {
            await sleep(Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random()))
            continue
          }
          throw translateStoreError(error, this.location)
        } finally {
          await runner.release()
        }
      }
    })
  }

  /**
   * Runs `work` through TypeORM in one read transaction that is always rolled back, so whatever it
   * reads is one consistent view and nothing it might write is kept: `nss apply --dry-run` runs apply's
   * own checks here (src/app/dry-run.use-case.ts). SQLite: a deferred BEGIN, which takes no write lock;
   * PostgreSQL: REPEATABLE READ, READ ONLY, which refuses any write outright.
   */
  async readOnly<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const dataSource = await this.dataSource()
    const isPostgres = this.location.kind === 'postgres'
    return this.serialised(async () => {
      const runner = dataSource.createQueryRunner()
      try {
        if (isPostgres) {
          await runner.startTransaction('REPEATABLE READ')
          await runner.query('SET TRANSACTION READ ONLY')
        } else {
          await runner.query('BEGIN')
          Object.assign(runner, {isTransactionActive: true, transactionDepth: 1})
        }
        return await work(runner.manager)
      } catch (error) {
        throw translateStoreError(error, this.location)
      } finally {
        if (runner.isTransactionActive) {
          await (isPostgres ? runner.rollbackTransaction() : finish(runner, 'ROLLBACK')).catch(() => undefined)
        }
        await runner.release()
      }
    })
  }

  /**
   * From now on snapshots keep what they read for the snapshots after them while the store is
   * unchanged (ReadModels.keepReadsWhileUnchanged; SQLite only): for the desk server, whose requests
   * read the same tokens and applications again and again. A short command gains nothing by it.
   */
  keepReadsBetweenSnapshots(): void {
    this.keepsReads = true
  }

  /**
   * Runs read-only work on the read models in one read transaction (one consistent snapshot): on
   * SQLite a read transaction of better-sqlite3 (synchronous, so nothing else runs on that connection
   * meanwhile), on PostgreSQL a REPEATABLE READ, READ ONLY transaction (read-models-postgres.ts).
   */
  async snapshot<T>(work: (reads: ReadModels) => Promise<T>): Promise<T> {
    try {
      // A failed opening is not kept: the next call tries again (a server back up, a store migrated).
      const readModels = await (this.readModels ??= openReadModels(this.location).catch(error => {
        this.readModels = undefined
        throw error
      }))
      if (this.keepsReads) readModels.keepReadsWhileUnchanged()
      return await readModels.inSnapshot(work)
    } catch (error) {
      throw translateStoreError(error, this.location)
    }
  }

  /**
   * Runs the login check (read-models.ts, LOGIN_STATEMENTS) on the read models' connection, outside
   * any snapshot: one short write transaction in plain SQL, so a login needs no TypeORM (SPEC §14).
   * Retried like a write transaction when another process holds SQLite's write lock past the busy
   * timeout (nothing was written then: the transaction never began).
   */
  async logins<T>(work: (counter: LoginCounter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const readModels = await (this.readModels ??= openReadModels(this.location).catch(error => {
          this.readModels = undefined
          throw error
        }))
        return await work(readModels)
      } catch (error) {
        if (isRetryable(error) && attempt < MAX_BUSY_RETRIES) {
          await sleep(Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random()))
          continue
        }
        throw translateStoreError(error, this.location)
      }
    }
  }

  async close(): Promise<void> {
    const readModels = await this.readModels?.catch(() => undefined)
    this.readModels = undefined
    await readModels?.close()
    const dataSource = await this.opening?.catch(() => undefined)
    if (dataSource?.isInitialized) await dataSource.destroy()
  }

  /** SQLite: one transaction at a time in this process (one shared connection); PostgreSQL: no need. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    return this.location.kind === 'postgres' ? work() : this.mutex.run(work)
  }
}

/** The read models of the store's dialect, loading only that dialect's driver. */
async function openReadModels(location: StoreLocation): Promise<ReadModels> {
  if (location.kind === 'postgres') {
    const {PostgresReadModels} = await import('./read-models-postgres')
    return PostgresReadModels.open(location.url)
  }
  const {SqliteReadModels} = await import('./read-models')
  return SqliteReadModels.open(location.path)
}

/**
 * TypeORM's SQLite runner only knows a deferred `BEGIN TRANSACTION`. We issue `BEGIN IMMEDIATE`
 * ourselves and tell the runner a transaction is open, so the manager's own saves join it instead of
 * opening a nested one.
 */
async function beginImmediate(runner: QueryRunner): Promise<void> {
  await runner.query('BEGIN IMMEDIATE')
  Object.assign(runner, {isTransactionActive: true, transactionDepth: 1})
}

async function finish(runner: QueryRunner, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await runner.query(statement)
  } finally {
    Object.assign(runner, {isTransactionActive: false, transactionDepth: 0})
  }
}

function driverCode(error: unknown): string {
  const candidate = error as {code?: unknown; driverError?: {code?: unknown}}
  return String(candidate?.driverError?.code ?? candidate?.code ?? '')
}

function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(driverCode(error))
}

/** SQLITE_BUSY*, or PostgreSQL's serialization failure (40001) and deadlock (40P01): try again. */
function isRetryable(error: unknown): boolean {
  return isBusy(error) || ['40001', '40P01'].includes(driverCode(error))
}

/**
 * PostgreSQL failures a user can do something about (SQLSTATE classes of the PostgreSQL manual,
 * Appendix A, and the socket errors of Node), by what to say (src/domain/messages/ja/store.ts, en/store.ts). The URL
 * is shown with its password masked; the driver's own messages never carry it.
 */
const POSTGRES_PROBLEMS: Record<string, PostgresProblem> = {
  ECONNREFUSED: 'refused',
  ENOTFOUND: 'unknownHost',
  EAI_AGAIN: 'hostNotResolvedNow',
  ETIMEDOUT: 'timedOut',
  ECONNRESET: 'reset',
  EHOSTUNREACH: 'hostUnreachable',
  '28P01': 'passwordRefused',
  '28000': 'userRefused',
  '3D000': 'noDatabase',
  '42P01': 'tableMissing',
  '53300': 'tooManyConnections',
  '53100': 'diskFull',
  '57P01': 'shuttingDown',
  '57P02': 'shuttingDown',
  '57P03': 'startingUp',
  '25006': 'readOnly',
  '08000': 'connectionFailed',
  '08001': 'cannotConnect',
  '08003': 'connectionGone',
  '08006': 'connectionFailed',
}

/** SQLite's result codes a user can do something about (each also as the prefix of its extended codes). */
const SQLITE_PROBLEMS: Record<string, SqliteProblem> = {
  SQLITE_FULL: 'diskFull',
  // WAL's shared-memory file could not grow: on Linux that is a full disk (SQLite os_unix.c, ENOSPC).
  SQLITE_IOERR_SHMSIZE: 'diskFull',
  SQLITE_READONLY: 'readOnly',
  SQLITE_CANTOPEN: 'cannotOpen',
  SQLITE_CORRUPT: 'damaged',
  SQLITE_NOTADB: 'notDatabase',
  SQLITE_IOERR: 'ioError',
  SQLITE_PERM: 'noPermission',
}

/**
 * What to tell a user of a store failure they can do something about, in the reader's language;
 * undefined for any other failure (a DeskError, a bug).
 */
export function storeProblemText(error: unknown, location?: StoreLocation): LocalText | undefined {
  if (error instanceof DeskError) return undefined
  const code = driverCode(error)
  if (location?.kind === 'postgres') {
    const message = (error as Error)?.message ?? ''
    const problem = POSTGRES_PROBLEMS[code]
      ?? (/Connection terminated|timeout expired|connection timeout/i.test(message) ? 'failedOrTimedOut' : undefined)
    return problem ? text('store.postgresUnusable', {url: maskDatabaseUrl(location.url), problem, code}) : undefined
  }
  const known = Object.keys(SQLITE_PROBLEMS).find(prefix => code.startsWith(prefix))
  if (known) return text('store.sqliteUnusable', {problem: SQLITE_PROBLEMS[known], code})
  if (isBusy(error)) return text('store.locked', {code})
  return undefined
}

/** Store failures a user can do something about are exit 6 with a plain message. */
export function translateStoreError(error: unknown, location?: StoreLocation): unknown {
  const problem = storeProblemText(error, location)
  return problem ? new InfrastructureError(problem) : error
}

/**
 * Opens the store. A SQLite store that does not exist is refused at once (exit 6, naming `nss init`)
 * unless `migrate` creates it; `migrate` (nss init) also runs the pending migrations now. Otherwise the
 * connections open on first use, where a store with pending migrations is refused the same way.
 */
export async function openStore(location: StoreLocation, options: {migrate?: boolean} = {}): Promise<Store> {
  if (location.kind === 'sqlite') {
    if (!options.migrate && !fs.existsSync(location.path)) {
      throw new InfrastructureError(text('store.noStore', {file: location.path}))
    }
    if (options.migrate) fs.mkdirSync(path.dirname(location.path), {recursive: true})
  }
  const store = new Store(location, options)
  if (options.migrate) await store.dataSource()
  return store
}

/** Initialises TypeORM on the store and migrates it, or checks that it needs no migration. */
async function openDataSource(location: StoreLocation, options: {migrate?: boolean}): Promise<DataSource> {
  const {createDataSource} = await import('./data-source')
  const dataSource = createDataSource(location)
  try {
    await dataSource.initialize()
  } catch (error) {
    const translated = translateStoreError(error, location)
    const reason = scrubUrlPasswords((error as Error).message)
    throw translated instanceof DeskError
      ? translated
      : new InfrastructureError(location.kind === 'postgres'
        ? text('store.cannotOpenAt', {url: maskDatabaseUrl(location.url), reason})
        : text('store.cannotOpen', {reason}))
  }
  try {
    if (options.migrate) {
      await dataSource.runMigrations({transaction: 'all'})
    } else if (await dataSource.showMigrations()) {
      throw new InfrastructureError(text('store.needsMigrating'))
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined)
    throw translateStoreError(error, location)
  }
  return dataSource
}

/** A message that quotes a URL shows it without its password. */
function scrubUrlPasswords(message: string): string {
  return message.replace(/(\w+:\/\/[^:/?#\s@]*:)[^@\s/]*@/g, '$1***@')
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

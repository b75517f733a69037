import * as fs from 'node:fs'
import * as path from 'node:path'
import type {DataSource, EntityManager, QueryRunner} from 'typeorm'
import type {StoreLocation} from '../app/config'
import {DeskError, InfrastructureError} from '../domain/errors'
import {Mutex} from './mutex'
import type {ReadModels} from './read-models'

/** How often a write transaction is retried when another process holds the write lock. */
const MAX_BUSY_RETRIES = 12

/**
 * The store: the one place transactions are opened (SPEC §13).
 * - `write` opens `BEGIN IMMEDIATE` on SQLite: a deferred BEGIN that reads and then writes fails with
 *   SQLITE_BUSY_SNAPSHOT under a second writing process, which no busy timeout cures. SQLITE_BUSY* is
 *   retried with backoff, so it never reaches a user.
 * - Both `read` and `write` take the in-process mutex: better-sqlite3 shares one connection.
 * - `snapshot` reads the read models (read-models.ts) on a connection of their own, without TypeORM.
 * - Each connection opens on first use, so a command loads TypeORM only when it goes through it
 *   (SPEC §14: `nss status` and logins read without it).
 */
export class Store {
  private readonly mutex = new Mutex()
  private opening?: Promise<DataSource>
  private readModels?: ReadModels

  constructor(readonly location: StoreLocation, private readonly options: {migrate?: boolean} = {}) {}

  /** TypeORM's DataSource, opened on first use: migrated (`nss init`) or checked to need no migration. */
  dataSource(): Promise<DataSource> {
    return (this.opening ??= openDataSource(this.location, this.options))
  }

  /** Runs read-only work outside a transaction. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const dataSource = await this.dataSource()
    return this.mutex.run(async () => {
      try {
        return await work(dataSource.manager)
      } catch (error) {
        throw translateStoreError(error)
      }
    })
  }

  /** Runs `work` in one write transaction; commits when it resolves, rolls back when it throws. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const dataSource = await this.dataSource()
    return this.mutex.run(async () => {
      for (let attempt = 1; ; attempt++) {
        const runner = dataSource.createQueryRunner()
        try {
          await beginImmediate(runner)
          const result = await work(runner.manager)
          await finish(runner, 'COMMIT')
          return result
        } catch (error) {
          if (runner.isTransactionActive) await finish(runner, 'ROLLBACK').catch(() => undefined)
          if (isBusy(error) && attempt < MAX_BUSY_RETRIES) {
            await sleep(Math.min(2000, 20 * 2 ** attempt) * (0.5 + Math.random()))
            continue
          }
          throw translateStoreError(error)
        } finally {
          await runner.release()
        }
      }
    })
  }

  /**
   * Runs read-only work on the read models in one read transaction (one consistent snapshot). The
   * work is synchronous: better-sqlite3 is, and nothing else can run on that connection meanwhile.
   */
  async snapshot<T>(work: (reads: ReadModels) => T): Promise<T> {
    try {
      if (!this.readModels) {
        if (this.location.kind === 'postgres') throw new Error('PostgreSQL stores are not supported yet (issue 7)')
        const {ReadModels} = await import('./read-models')
        this.readModels = ReadModels.open(this.location.path)
      }
      return this.readModels.inSnapshot(work)
    } catch (error) {
      throw translateStoreError(error)
    }
  }

  async close(): Promise<void> {
    this.readModels?.close()
    this.readModels = undefined
    const dataSource = await this.opening?.catch(() => undefined)
    if (dataSource?.isInitialized) await dataSource.destroy()
  }
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

/** Store failures a user can do something about are exit 6 with a plain message. */
export function translateStoreError(error: unknown): unknown {
  if (error instanceof DeskError) return error
  const code = driverCode(error)
  const messages: Record<string, string> = {
    SQLITE_FULL: 'the disk holding the store is full',
    // WAL's shared-memory file could not grow: on Linux that is a full disk (SQLite os_unix.c, ENOSPC).
    SQLITE_IOERR_SHMSIZE: 'the disk holding the store is full',
    SQLITE_READONLY: 'the store is read-only',
    SQLITE_CANTOPEN: 'the store cannot be opened (missing, or its folder is read-only or full)',
    SQLITE_CORRUPT: 'the store file is damaged',
    SQLITE_NOTADB: 'the store file is not a database',
    SQLITE_IOERR: 'the store cannot be read or written (I/O error)',
    SQLITE_PERM: 'no permission to use the store',
  }
  const known = Object.keys(messages).find(prefix => code.startsWith(prefix))
  if (known) return new InfrastructureError(`${messages[known]} (${code})`)
  if (isBusy(error)) return new InfrastructureError(`the store stayed locked by another process (${code})`)
  return error
}

/**
 * Opens the store. A SQLite store that does not exist is refused at once (exit 6, naming `nss init`)
 * unless `migrate` creates it; `migrate` (nss init) also runs the pending migrations now. Otherwise the
 * connections open on first use, where a store with pending migrations is refused the same way.
 */
export async function openStore(location: StoreLocation, options: {migrate?: boolean} = {}): Promise<Store> {
  if (location.kind === 'sqlite') {
    if (!options.migrate && !fs.existsSync(location.path)) {
      throw new InfrastructureError(`no store at ${location.path}: run \`nss init\` first`)
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
    const translated = translateStoreError(error)
    throw translated instanceof DeskError
      ? translated
      : new InfrastructureError(`the store cannot be opened: ${(error as Error).message}`)
  }
  try {
    if (options.migrate) {
      await dataSource.runMigrations({transaction: 'all'})
    } else if (await dataSource.showMigrations()) {
      throw new InfrastructureError('the store needs migrating: run `nss init`')
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined)
    throw translateStoreError(error)
  }
  return dataSource
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

import * as fs from 'node:fs'
import * as path from 'node:path'
import type {DataSource, EntityManager, QueryRunner} from 'typeorm'
import type {StoreLocation} from '../app/config'
import {DeskError, InfrastructureError} from '../domain/errors'
import {createDataSource} from './data-source'
import {Mutex} from './mutex'

/** How often a write transaction is retried when another process holds the write lock. */
const MAX_BUSY_RETRIES = 12

/**
 * The store: the one place transactions are opened (SPEC §13).
 * - `write` opens `BEGIN IMMEDIATE` on SQLite: a deferred BEGIN that reads and then writes fails with
 *   SQLITE_BUSY_SNAPSHOT under a second writing process, which no busy timeout cures. SQLITE_BUSY* is
 *   retried with backoff, so it never reaches a user.
 * - Both `read` and `write` take the in-process mutex: better-sqlite3 shares one connection.
 */
export class Store {
  private readonly mutex = new Mutex()

  constructor(readonly dataSource: DataSource, readonly location: StoreLocation) {}

  /** Runs read-only work outside a transaction. */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      try {
        return await work(this.dataSource.manager)
      } catch (error) {
        throw translateStoreError(error)
      }
    })
  }

  /** Runs `work` in one write transaction; commits when it resolves, rolls back when it throws. */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      for (let attempt = 1; ; attempt++) {
        const runner = this.dataSource.createQueryRunner()
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

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy()
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
    SQLITE_READONLY: 'the store is read-only',
    SQLITE_CANTOPEN: 'the store cannot be opened',
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
 * Opens the store. `migrate` runs pending migrations (nss init); otherwise a store that does not
 * exist or has pending migrations is refused with exit 6 and a hint to run `nss init`.
 */
export async function openStore(location: StoreLocation, options: {migrate?: boolean} = {}): Promise<Store> {
  if (location.kind === 'sqlite') {
    if (!options.migrate && !fs.existsSync(location.path)) {
      throw new InfrastructureError(`no store at ${location.path}: run \`nss init\` first`)
    }
    if (options.migrate) fs.mkdirSync(path.dirname(location.path), {recursive: true})
  }
  const dataSource = createDataSource(location)
  try {
    await dataSource.initialize()
  } catch (error) {
    const translated = translateStoreError(error)
    throw translated instanceof DeskError
      ? translated
      : new InfrastructureError(`the store cannot be opened: ${(error as Error).message}`)
  }
  const store = new Store(dataSource, location)
  try {
    if (options.migrate) {
      await dataSource.runMigrations({transaction: 'all'})
    } else if (await dataSource.showMigrations()) {
      throw new InfrastructureError('the store needs migrating: run `nss init`')
    }
  } catch (error) {
    await store.close()
    throw translateStoreError(error)
  }
  return store
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

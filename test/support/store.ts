/**
 * Which store the suite runs on: SQLite (the default), or PostgreSQL with `NSS_TEST_STORE=postgres`
 * and `NSS_TEST_PG_URL=postgres://user:password@host:port/postgres` (a superuser's URL; `npm test` and
 * .ci/run set both from test/pgstack/pgstack.sh). On PostgreSQL every desk home gets a database of its
 * own, created on first use and dropped when the run ends, so tests stay as isolated as on SQLite:
 * the CLI helpers (cli.ts) and `testConfig` add `NSS_DB` for the home they are given.
 */
import {spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import * as path from 'node:path'
import {DeskConfig, loadConfig} from '../../src/app/config'

export type TestStore = 'sqlite' | 'postgres'

/** The store of this run. */
export const TEST_STORE: TestStore = process.env.NSS_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

const databases = new Map<string, string>()

function adminUrl(): string {
  const url = process.env.NSS_TEST_PG_URL
  if (!url) throw new Error('NSS_TEST_STORE=postgres needs NSS_TEST_PG_URL (test/pgstack/pgstack.sh env)')
  return url
}

/** Runs one statement as the cluster's superuser (psql, synchronously: the CLI helpers are synchronous). */
export function psql(sql: string, url = adminUrl()): string {
  const result = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {encoding: 'utf8'})
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`psql failed (${result.status}): ${result.stderr}`)
  return result.stdout
}

/** The URL of a database of the test cluster. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  return url.toString()
}

/** Creates an empty database in the test cluster; it is dropped when the run ends. Returns its URL. */
export function createTestDatabase(): string {
  const name = `nss_test_${randomBytes(6).toString('hex')}`
  psql(`CREATE DATABASE "${name}"`)
  databases.set(`db:${name}`, name)
  return databaseUrl(name)
}

/** The store environment of a desk home: nothing on SQLite (`$NSS_HOME/nss.sqlite`); NSS_DB on PostgreSQL. */
export function storeEnv(home: string | undefined): Record<string, string> {
  if (TEST_STORE === 'sqlite' || !home) return {}
  const key = path.resolve(home)
  let name = databases.get(key)
  if (!name) {
    name = `nss_test_${randomBytes(6).toString('hex')}`
    psql(`CREATE DATABASE "${name}"`)
    databases.set(key, name)
  }
  return {NSS_DB: databaseUrl(name)}
}

/** A child process's environment with the store of this run for its NSS_HOME (unless NSS_DB is given). */
export function withStoreEnv<T extends Record<string, string | undefined>>(env: T): T {
  return env.NSS_DB ? env : {...env, ...storeEnv(env.NSS_HOME)}
}

/** loadConfig for a test desk: `env` plus the store of this run for its NSS_HOME. */
export function testConfig(env: Record<string, string | undefined>): DeskConfig {
  return loadConfig(env.NSS_DB ? env : {...env, ...storeEnv(env.NSS_HOME)})
}

/** Drops every database this process created (at the end of the run; mocha's root hook in setup.ts). */
export function dropTestDatabases(): void {
  for (const name of new Set(databases.values())) {
    try {
      psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    } catch {
      // The cluster is gone already (stopped after a failure): nothing left to drop.
    }
  }
  databases.clear()
}

/**
 * A suite that tests a property of one store only (SQLite's busy lock, its WAL on a full disk, the
 * daemon lease of a SQLite store…): registered on that store's run and not on the other's, by name,
 * so nothing is skipped silently. docs/postgresql.md lists them with the reason.
 */
export function describeOn(store: TestStore, title: string, body: (this: Mocha.Suite) => void): void {
  if (store === TEST_STORE) describe(`${title} [${store} only]`, body)
}

/** The rows of a query on a desk's store, as better-sqlite3's `prepare(sql).all()/get()` give them. */
export interface StoreInspector {
  prepare(sql: string): {all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown}
  close(): void
}

/** Every camelCase column of the store: PostgreSQL folds an unquoted name to lower case. */
const CAMEL_CASE_COLUMNS = [
  'receiptNo', 'officeCode', 'submittedAt', 'desiredDate', 'registrationDate', 'completedAt', 'supersedes',
  'supersededBy', 'updatedAt', 'adminName', 'adminEmail', 'passwordHash', 'failedLogins', 'lockedUntil', 'messageId',
  'nextAttemptAt', 'lastError', 'createdAt', 'sentAt', 'dedupeKey', 'sourceRef', 'fromAddress', 'receivedAt',
  'processedAt', 'userCode', 'visibleUntil', 'purgedAt', 'expiresAt', 'lastSequence', 'effectiveDate', 'appliedAt',
  'companyNameEn', 'officeNameEn', 'addressEn', 'managerNameEn', 'systemClass', 'userId', 'rawKept', 'dataPurgedAt',
]
const CAMEL_CASE = new RegExp(`(?<!["\\w])(${CAMEL_CASE_COLUMNS.join('|')})(?!["\\w])`, 'g')

function literal(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (value === null || value === undefined) return 'NULL'
  return `'${String(value).replace(/'/g, "''")}'`
}

/**
 * The same queries the SQLite tests run, on the desk's PostgreSQL database: camelCase names quoted,
 * `?` replaced by literals, the rows read back as JSON (so integers stay numbers, as on SQLite).
 */
export function openPostgresInspector(url: string): StoreInspector {
  return {
    prepare(sql: string) {
      const run = (params: unknown[]) => {
        let index = 0
        const text = sql.replace(CAMEL_CASE, '"$1"').replace(/\?/g, () => literal(params[index++]))
        const out = psql(`SELECT coalesce(json_agg(t), '[]') FROM (${text}) t`, url)
        return JSON.parse(out) as Record<string, unknown>[]
      }
      return {all: (...params: unknown[]) => run(params), get: (...params: unknown[]) => run(params)[0]}
    },
    close() {},
  }
}

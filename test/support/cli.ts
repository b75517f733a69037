import {spawn, spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {openPostgresInspector, storeEnv, StoreInspector, TEST_STORE} from './store'

/** The repository root (tests run from dist/test/...). */
export const ROOT = path.resolve(__dirname, '..', '..', '..')
export const BIN = path.join(ROOT, 'bin', 'run.js')
export const EXAMPLES = path.join(ROOT, 'examples')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON, when it is JSON. */
  json: any
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  input?: string
  /** Run with the clock at this instant (an ISO string with offset, e.g. 2026-12-01T10:00:00+09:00), through libfaketime. */
  at?: string
}

function toResult(code: number | null, stdout: string, stderr: string): CliResult {
  let json: unknown
  try {
    json = JSON.parse(stdout)
  } catch {
    json = undefined
  }
  return {code: code ?? -1, stdout, stderr, json}
}

/** Where libfaketime's preload library lives (Debian: /usr/lib/<multiarch>/faketime), found once. */
let libfaketime: string | undefined

function libfaketimePath(): string {
  if (libfaketime) return libfaketime
  for (const root of ['/usr/lib', '/usr/lib64', '/usr/local/lib']) {
    const dirs = fs.existsSync(root) ? [root, ...fs.readdirSync(root).map(name => path.join(root, name))] : []
    const found = dirs.map(dir => path.join(dir, 'faketime', 'libfaketime.so.1')).find(file => fs.existsSync(file))
    if (found) return (libfaketime = found)
  }
  throw new Error('libfaketime.so.1 not found: apt-get install faketime')
}

/**
 * The environment that runs a process at `at` (its clock then runs on from there): libfaketime
 * preloaded with FAKETIME = the offset from now in seconds, which is what the `faketime` wrapper
 * computes and sets too. Not the wrapper: it makes a semaphore and a shared-memory object named after
 * its own PID and fails to start (`faketime: sem_open: File exists`) when a process killed earlier left
 * objects of that name behind — PIDs wrap at /proc/sys/kernel/pid_max (32768 here). Preloaded alone,
 * the library makes the same two objects named after the process's PID, removes them when the process
 * exits, and starts without them when the name is taken; a process killed with -9 still leaves them:
 * see removeFaketimeLeftovers.
 */
export function faketimeEnv(at: Date): {LD_PRELOAD: string; FAKETIME: string} {
  const offset = Math.floor(at.getTime() / 1000) - Math.floor(Date.now() / 1000)
  return {LD_PRELOAD: libfaketimePath(), FAKETIME: `${offset >= 0 ? '+' : ''}${offset}`}
}

/** libfaketime's objects of a process: /dev/shm/sem.faketime_sem_<pid> and /dev/shm/faketime_shm_<pid>. */
export function faketimeObjectsOf(pid: number): string[] {
  return [`/dev/shm/sem.faketime_sem_${pid}`, `/dev/shm/faketime_shm_${pid}`]
}

/**
 * After a process run with faketimeEnv has died (kill -9 gives libfaketime no chance to clean up),
 * removes the objects it made: those named after its PID and made while it lived (`since`: when it was
 * spawned), never an older leftover of another process that had the same PID. Returns what it removed.
 */
export function removeFaketimeLeftovers(pid: number, since: number): string[] {
  const removed: string[] = []
  for (const file of faketimeObjectsOf(pid)) {
    try {
      // ctime: set when the object is made; one second of slack for the file system's clock granularity.
      if (fs.statSync(file).ctimeMs < since - 1000) continue
      fs.rmSync(file)
      removed.push(file)
    } catch {
      // none made, or gone already (the process exited normally)
    }
  }
  return removed
}

/**
 * The mode of the contract suites (issue 12): `local` (the default) runs the CLI on the desk's store;
 * `remote` (NSS_TEST_MODE=remote, a run of its own in test/run-suites.ts) gives seededDesk's offices
 * and reviewer a real `nss serve` over TLS with the test CA (test/support/server.ts), tokens, and a
 * folder of their own with no store and no secret.key, so the same tests run through the server.
 */
export const TEST_MODE: 'local' | 'remote' = process.env.NSS_TEST_MODE === 'remote' ? 'remote' : 'local'

/** Where the CLI keeps a saved login: an empty folder per test process unless a test says otherwise, never the user's own. */
const CONFIG_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-config-'))
process.on('exit', () => fs.rmSync(CONFIG_HOME, {recursive: true, force: true}))

function commandLine(args: string[], options: RunOptions): {file: string; argv: string[]; env: NodeJS.ProcessEnv} {
  const env: NodeJS.ProcessEnv = {
    // COLUMNS: a width exported by the runner's shell would wrap the screens tests read (src/cli/terminal-width.ts).
    ...process.env, NO_COLOR: '1', COLUMNS: undefined, XDG_CONFIG_HOME: CONFIG_HOME, ...options.env, ...(options.at ? faketimeEnv(new Date(options.at)) : {}),
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  // Remote mode: the server's clock is the one that counts; it moves to the call's instant first.
  if (env.NSS_URL) {
    const {serverOf} = require('./server') as typeof import('./server')
    serverOf(env.NSS_URL)?.followCall(options.at)
  }
  // The store of this run (test/support/store.ts): on PostgreSQL, the home's own database.
  if (!env.NSS_DB && env.NSS_HOME) Object.assign(env, storeEnv(env.NSS_HOME))
  return {file: process.execPath, argv: [BIN, ...args], env}
}

/** Runs `nss ARGS` and waits for it. */
export function nss(args: string[], options: RunOptions = {}): CliResult {
  const {file, argv, env} = commandLine(args, options)
  const result = spawnSync(file, argv, {env, input: options.input ?? '', encoding: 'utf8', cwd: ROOT})
  if (result.error) throw result.error
  return toResult(result.status, result.stdout, result.stderr)
}

/** Runs `nss ARGS` without blocking, so several can run at once. */
export function nssAsync(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const {file, argv, env} = commandLine(args, options)
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {env, cwd: ROOT})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => { stdout += d })
    child.stderr.on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', code => resolve(toResult(code, stdout, stderr)))
    child.stdin.end(options.input ?? '')
  })
}

/** A fresh NSS_HOME in a temp folder. */
export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-'))
}

export const OFFICE_PASSWORD = 'office-pass-1'
export const OTHER_PASSWORD = 'other-pass-22'
export const REVIEWER_PASSWORD = 'reviewer-pass-3'

/**
 * A desk with the example master data: office NACCS01 (the seed's), office OTHER01, reviewer r.sato.
 * Returns env fragments to act as each of them.
 */
export interface SeededDesk {
  home: string
  office: Record<string, string>
  other: Record<string, string>
  reviewer: Record<string, string>
  ops: Record<string, string>
}

export function seededDesk(options: {at?: string; db?: string} = {}): SeededDesk {
  const home = tempHome()
  // `db`: a store other than this run's (store.ts), e.g. a SQLite file on a PostgreSQL run.
  const base: Record<string, string> = options.db ? {NSS_HOME: home, NSS_DB: options.db} : {NSS_HOME: home}
  const must = (r: CliResult, what: string) => {
    if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}${r.stdout}`)
    return r
  }
  must(nss(['init'], {env: base}), 'init')
  must(nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], {env: base}), 'import')
  must(nss(['office', 'passwd', 'NACCS01'], {env: {...base, NSS_PASSWORD: OFFICE_PASSWORD}}), 'passwd')
  must(nss(['office', 'passwd', 'OTHER01'], {env: {...base, NSS_PASSWORD: OTHER_PASSWORD}}), 'passwd')
  must(nss(['reviewer', 'add', 'r.sato', '--name', '佐藤 花子'], {env: {...base, NSS_PASSWORD: REVIEWER_PASSWORD}}), 'reviewer')
  const office = {...base, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: OFFICE_PASSWORD}
  const other = {...base, NSS_OFFICE: 'OTHER01', NSS_PASSWORD: OTHER_PASSWORD}
  const reviewer = {...base, NSS_REVIEWER: 'r.sato', NSS_PASSWORD: REVIEWER_PASSWORD}
  if (TEST_MODE === 'local' || options.db) return {home, office, other, reviewer, ops: base}
  // Remote: the same actors through a real server, from a folder with no store and no secret.key.
  const {createToken, startServerSync, testCa} = require('./server') as typeof import('./server')
  const server = startServerSync(home)
  const client = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-client-'))
  const remote = (env: Record<string, string>, token: string) => ({
    ...env, NSS_HOME: client, NSS_URL: server.url, NSS_TOKEN: token, NSS_CA_FILE: testCa().caFile,
  })
  return {
    home,
    office: remote(office, createToken(home, {office: 'NACCS01'}).token),
    other: remote(other, createToken(home, {office: 'OTHER01'}).token),
    reviewer: remote(reviewer, createToken(home, {reviewer: 'r.sato'}).token),
    ops: base,
  }
}

/**
 * An actor's environment with credentials the desk refuses: a wrong password (local mode), or a token
 * of the right form that the server does not know (remote mode).
 */
export function wrongCredentials(env: Record<string, string>): Record<string, string> {
  if (!env.NSS_URL) return {...env, NSS_PASSWORD: 'wrong-password-9'}
  const {generateApiToken} = require('../../src/app/api-token') as typeof import('../../src/app/api-token')
  return {...env, NSS_TOKEN: generateApiToken()}
}

/** Writes an input file for apply/amend into `dir` (a desk's home): `value` as JSON, a string as it is. Returns its path. */
export function writeJsonFile(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2))
  return file
}

/**
 * Opens a desk's store read-only, to check what the CLI left in it: the SQLite file (better-sqlite3),
 * or on a PostgreSQL run the home's database through psql with the same queries (store.ts).
 * Close it before the next CLI call. Loaded lazily: most tests never need the driver.
 */
export function openStoreReadOnly(home: string): StoreInspector {
  if (TEST_STORE === 'postgres') return openPostgresInspector(storeEnv(home).NSS_DB)
  const Database = require('better-sqlite3') as typeof import('better-sqlite3')
  return new Database(path.join(home, 'nss.sqlite'), {readonly: true, fileMustExist: true})
}

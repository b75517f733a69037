/**
 * A real desk server for the tests (issue 12): `nss serve` over TLS with a test CA, on 127.0.0.1 and a
 * free port, on a desk home of the tests, under libfaketime with a clock the test moves (each CLI call
 * made `at` an instant sets the server's clock to it first: see cli.ts).
 *
 * The test CA and the server's certificate (EC P-256, for 127.0.0.1 and localhost) are made once per
 * test process with openssl, themselves under libfaketime at 2020-01-01 and valid until 2099, so that a
 * client moved to any day of the tests still trusts them.
 */
import {ChildProcess, spawn, spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {BIN, faketimeEnv, ROOT} from './cli'
import {storeEnv} from './store'
import {createTestCa, type TestCa} from './test-ca'

export type {TestCa} from './test-ca'

let ca: TestCa | undefined

/** The test CA and the server certificate it signed (made on first use). */
export function testCa(): TestCa {
  ca ??= createTestCa(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-ca-')), {...process.env, ...faketimeEnv(new Date('2020-01-01T00:00:00Z'))})
  return ca
}

export interface TestServer {
  url: string
  port: number
  process: ChildProcess
  /** Every line the server logged (JSON lines on stdout; stderr too). */
  log(): string[]
  /** Moves the server's clock to `at` (an ISO instant); `undefined` back to now. */
  setTime(at: string | undefined): void
  /**
   * The clock of a CLI call made `at` an instant (cli.ts): the server moves there; a call with no
   * instant after one with an instant moves it back to now. A clock set with setTime is left alone.
   */
  followCall(at: string | undefined): void
  /** Waits for the process to exit (after a signal sent some other way); returns the exit code. */
  exited(): Promise<number | null>
  /** SIGTERM and wait for the exit; returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

const running = new Set<TestServer>()

/** Sleeps without the event loop (the CLI helpers are synchronous too). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Starts `nss serve` on `home`'s desk (the store of this run), TLS with the test CA's certificate, and
 * waits until it listens. Synchronous (for seededDesk and the synchronous CLI helpers): the server's
 * output goes to a log file, read by `log()`, so no event loop needs to run meanwhile.
 */
export function startServerSync(home: string, options: {env?: Record<string, string | undefined>; tls?: boolean; listen?: string} = {}): TestServer {
  const {certFile, keyFile} = testCa()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-server-'))
  const clockFile = path.join(dir, 'faketime')
  const logFile = path.join(dir, 'server.log')
  fs.writeFileSync(clockFile, '+0\n')
  const {LD_PRELOAD} = faketimeEnv(new Date())
  const env: NodeJS.ProcessEnv = {
    ...process.env, NSS_HOME: home, ...storeEnv(home),
    ...(options.tls === false ? {} : {NSS_TLS_CERT: certFile, NSS_TLS_KEY: keyFile}),
    // The clock the tests move: libfaketime reads the offset from this file at every call.
    LD_PRELOAD, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1',
    ...options.env,
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  delete env.FAKETIME
  delete env.NSS_URL
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, [BIN, 'serve', '--listen', options.listen ?? '127.0.0.1:0'], {env, cwd: ROOT, stdio: ['ignore', out, out]})
  fs.closeSync(out)
  let exitCode: number | null | undefined
  const exited = new Promise<number | null>(resolve => child.on('exit', code => {
    exitCode = code
    resolve(code)
  }))
  let keptLog: string[] | undefined
  const readLog = () => fs.readFileSync(logFile, 'utf8').split('\n').filter(line => line !== '')
  const log = () => keptLog ?? readLog()
  let port: number | undefined
  for (const deadline = Date.now() + 30_000; port === undefined; sleepSync(20)) {
    const match = /Server listening at https?:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(logFile, 'utf8'))
    if (match) port = Number(match[1])
    else if (Date.now() > deadline || !isAlive(child.pid as number)) {
      try { child.kill('SIGKILL') } catch {}
      throw new Error(`nss serve did not start: ${log().join('\n')}`)
    }
  }
  let followed = false
  const server: TestServer = {
    url: `${options.tls === false ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    process: child,
    log,
    exited: () => exited,
    followCall(at) {
      if (at !== undefined) {
        server.setTime(at)
        followed = true
      } else if (followed) {
        server.setTime(undefined)
      }
    },
    setTime(at) {
      followed = false
      const offset = at === undefined ? 0 : Math.floor(new Date(at).getTime() / 1000) - Math.floor(Date.now() / 1000)
      fs.writeFileSync(`${clockFile}.tmp`, `${offset >= 0 ? '+' : ''}${offset}\n`)
      fs.renameSync(`${clockFile}.tmp`, clockFile)
    },
    async stop(signal = 'SIGTERM') {
      running.delete(server)
      if (exitCode === undefined) child.kill(signal)
      const code = await exited
      // The log stays readable after the stop (tests read what the server said while stopping).
      if (keptLog === undefined) keptLog = readLog()
      fs.rmSync(dir, {recursive: true, force: true})
      return code
    },
  }
  running.add(server)
  return server
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/\) Z /.test(stat)
  } catch {
    return false
  }
}

/** startServerSync, for async tests. */
export async function startServer(home: string, options: {env?: Record<string, string | undefined>; tls?: boolean; listen?: string} = {}): Promise<TestServer> {
  return startServerSync(home, options)
}

/** The servers by URL, for the CLI helpers: a call made `at` an instant moves its server's clock there first. */
export function serverOf(url: string | undefined): TestServer | undefined {
  return url === undefined ? undefined : [...running].find(server => server.url === url)
}

/** Stops every server still running (mocha's root hook in setup.ts). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map(server => server.stop()))
}

// A test process that ends without the root hook (a crash) leaves no server behind.
process.on('exit', () => {
  for (const server of running) {
    try { server.process.kill('SIGKILL') } catch {}
  }
})

/** Creates an API token on the desk of `home` (nss token create, locally); returns the token. */
export function createToken(home: string, principal: {office: string} | {reviewer: string}, extra: string[] = []): {id: string; token: string; expiresAt: string} {
  const who = 'office' in principal ? ['--office', principal.office] : ['--reviewer', principal.reviewer]
  const env: NodeJS.ProcessEnv = {...process.env, NO_COLOR: '1', NSS_HOME: home, ...storeEnv(home)}
  delete env.NSS_URL
  // A year unless `extra` gives its own --expires-days (oclif refuses a flag given twice).
  const days = extra.some(arg => arg.startsWith('--expires-days')) ? [] : ['--expires-days', '365']
  const result = spawnSync(process.execPath, [BIN, 'token', 'create', ...who, '--name', 'test', ...days, ...extra, '--json'], {env, encoding: 'utf8', cwd: ROOT})
  if (result.status !== 0) throw new Error(`nss token create failed (${result.status}): ${result.stderr}${result.stdout}`)
  return JSON.parse(result.stdout)
}

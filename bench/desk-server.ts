/**
 * The desk server as the bench measures it (issue 12 point 4): a real `nss serve` over TLS, with a
 * certificate of a private CA (test/support/test-ca.ts), on 127.0.0.1 and a free port, on a desk
 * prepared as an operator prepares one, with an office's API token; and a bare Fastify 5 server with
 * the same certificate, as the baseline of its throughput. Both are processes of their own, logging to
 * a file as a server does (not to a pipe the bench would have to drain), stopped at the end of the
 * bench, also on Ctrl-C.
 */
import {ChildProcess, spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {createTestCa, TestCa} from '../test/support/test-ca'
import {atCleanup, BIN, Desk, exampleApplication, nss, prepareDesk, ROOT} from './section'

/**
 * The API rate limit of the bench's server (NSS_API_RATE_LIMIT, per token and minute): high enough
 * that no request of the bench is refused (a 429 answered fast would inflate the figure), while the
 * limiter still runs on every request as it does in production.
 */
export const BENCH_RATE_LIMIT = 1_000_000

export interface ServerProcess {
  /** https://127.0.0.1:PORT */
  url: string
  pid: number
  /** The file its stdout and stderr go to. */
  logFile: string
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>
}

export interface BenchDesk {
  desk: Desk
  tls: TestCa
  receiptNo: string
  /** An office API token of NACCS01 (nss token create). */
  token: string
}

/** A desk with one application of NACCS01 and a token of that office, and the TLS material of its server. */
export function prepareServedDesk(home: string, tlsDir: string): BenchDesk {
  const desk = prepareDesk(home)
  const {receiptNo} = JSON.parse(nss(['apply', '--file', '-', '--json'], desk.office, JSON.stringify(exampleApplication())))
  const {token} = JSON.parse(nss(['token', 'create', '--office', 'NACCS01', '--name', 'bench', '--expires-days', '1', '--json'], desk.ops))
  return {desk, tls: createTestCa(tlsDir), receiptNo, token}
}

/**
 * Starts a server process and resolves once it logged the address it listens on (`https://127.0.0.1:PORT`
 * in its output); rejects when it exits first or takes more than 30 s.
 */
function startServerProcess(argv: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<ServerProcess> {
  const fd = fs.openSync(logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn(argv[0], argv.slice(1), {cwd: ROOT, env, stdio: ['ignore', fd, fd]})
  } finally {
    fs.closeSync(fd)
  }
  const dropCleanup = atCleanup(() => child.kill('SIGTERM'))
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = setInterval(() => {
      const match = /https:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(logFile, 'utf8'))
      const failure = child.exitCode !== null || child.signalCode !== null ? 'exited' : Date.now() - started > 30_000 ? 'did not start within 30 s' : undefined
      if (!match && !failure) return
      clearInterval(poll)
      if (failure) {
        child.kill('SIGKILL')
        dropCleanup()
        return reject(new Error(`${argv.slice(1).join(' ')} ${failure}: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`))
      }
      resolve({
        url: `https://127.0.0.1:${match![1]}`,
        pid: child.pid!,
        logFile,
        async stop() {
          dropCleanup()
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
        },
      })
    }, 50)
  })
}

/** `nss serve` on the desk, over TLS, with the bench's rate limit; `nodeArgs` e.g. `--cpu-prof` (NSS_BENCH_SERVER_NODE_ARGS). */
export function startDeskServer(served: BenchDesk, logFile: string): Promise<ServerProcess> {
  const nodeArgs = (process.env.NSS_BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)
  return startServerProcess([process.execPath, ...nodeArgs, BIN, 'serve', '--listen', '127.0.0.1:0'], {
    ...process.env, ...served.desk.ops,
    NSS_TLS_CERT: served.tls.certFile, NSS_TLS_KEY: served.tls.keyFile, NSS_API_RATE_LIMIT: String(BENCH_RATE_LIMIT),
  }, logFile)
}

/** The bare Fastify 5 server (bare-fastify.ts) with the desk server's certificate, answering `bodyFile` at GET /constant. */
export function startBareFastify(served: BenchDesk, bodyFile: string, logFile: string): Promise<ServerProcess> {
  return startServerProcess([process.execPath, path.join(ROOT, 'dist', 'bench', 'bare-fastify.js')], {
    ...process.env, BENCH_TLS_CERT: served.tls.certFile, BENCH_TLS_KEY: served.tls.keyFile, BENCH_BODY_FILE: bodyFile,
  }, logFile)
}

/** The JSON log lines of `nss serve` that say a request was answered (one a request), with its time as the server measured it. */
export function completedRequests(logFile: string): {url: string; statusCode: number; responseTime: number}[] {
  const requests: {url: string; statusCode: number; responseTime: number}[] = []
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue
    const entry = JSON.parse(line) as {msg?: string; req?: {url: string}; res?: {statusCode: number}; responseTime?: number}
    if (entry.msg === 'request completed' && entry.req && entry.res && entry.responseTime !== undefined) {
      requests.push({url: entry.req.url, statusCode: entry.res.statusCode, responseTime: entry.responseTime})
    }
  }
  return requests
}

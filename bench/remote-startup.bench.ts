/**
 * Issue 12 point 4, the client: remote `nss status RECEIPT --json` start-up, cold (a new process each
 * run), over HTTPS to a real `nss serve` on loopback, the client trusting only the bench's CA
 * (NSS_CA_FILE), with NSS_URL and NSS_TOKEN, in a folder with no store and no secret.key; as a ratio to
 * `node -e 0`, both in the same interleaved rounds. Beside them, the floor under a remote call: the
 * same GET from a bare Node script (https-get.ts).
 * Budget: remote `status` ≤ 2.0× `node -e 0`.
 *
 * Every command here runs without NODE_EXTRA_CA_CERTS: these machines set it to the system bundle,
 * which Node then parses at every start (~30 ms) and which users' machines do not set.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {completedRequests, prepareServedDesk, startDeskServer} from './desk-server'
import {describeTiming, median, runOnce, timeCommands, TimedCommand, Timing} from './measure'
import {BenchContext, BIN, ROOT, Section, SectionOutput, withoutExtraCaCerts} from './section'

/** Issue 12 point 4: remote `nss status RECEIPT --json` at most this many times `node -e 0`. */
export const REMOTE_STATUS_BUDGET_RATIO = 2.0

/**
 * A preload that notes when each phase of a remote call ends, in ms since the process started, to a
 * file at exit, and which modules the process loaded: the JS files (require.cache) and Node's own
 * modules (process.moduleLoadList). It loads nothing itself: the TLS functions are wrapped once the
 * command has loaded node:tls.
 */
const PHASES = `const {performance} = require('perf_hooks')
const Module = require('module')
const fs = require('fs')
const marks = {node: performance.now()}
const load = Module._load
Module._load = function (request) {
  const loaded = load.apply(this, arguments)
  if (/dist\\/remote(\\.js)?$/.test(request)) marks.bundle ??= performance.now()
  if ((request === 'node:tls' || request === 'tls') && !marks.tls) {
    marks.tls = performance.now()
    const tls = require('tls')
    const createSecureContext = tls.createSecureContext
    tls.createSecureContext = function () { const context = createSecureContext.apply(this, arguments); marks.context ??= performance.now(); return context }
    const connect = tls.connect
    tls.connect = function () { const socket = connect.apply(this, arguments); socket.once('secureConnect', () => { marks.secure ??= performance.now() }); return socket }
  }
  return loaded
}
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = (...args) => { marks.output ??= performance.now(); return write(...args) }
process.on('exit', () => {
  marks.exit = performance.now()
  fs.writeFileSync(process.env.BENCH_PHASES_FILE, JSON.stringify({marks, files: Object.keys(require.cache), builtins: process.moduleLoadList}))
})
`

const PHASE_NAMES: [string, string][] = [
  ['node', 'Node starts (as node -e 0 does)'],
  ['bundle', 'bin/run.js, its compile cache and the remote bundle (dist/remote.js)'],
  ['tls', 'the manifest, the argv, the endpoint, and loading node:tls (net, crypto)'],
  ['context', 'the TLS context: Node 20 parses its ~140 bundled root certificates even when `ca` replaces them (nodejs/node#56301), then NSS_CA_FILE'],
  ['secure', 'TCP connect and the TLS handshake'],
  ['output', 'the request and the server\'s answer, the JSON'],
  ['exit', 'exit'],
]

interface Trace {
  marks: Record<string, number>
  files: string[]
  builtins: string[]
}

function traceRuns(dir: string, command: TimedCommand, runs: number): Trace[] {
  const preload = path.join(dir, 'remote-phases.js')
  const output = path.join(dir, 'remote-phases.json')
  fs.writeFileSync(preload, PHASES)
  const traces: Trace[] = []
  for (let i = 0; i < runs; i++) {
    runOnce({...command, argv: [command.argv[0], '-r', preload, ...command.argv.slice(1)], env: {...command.env, BENCH_PHASES_FILE: output}})
    traces.push(JSON.parse(fs.readFileSync(output, 'utf8')))
  }
  return traces
}

/** Where the time of a remote call goes, phase by phase: medians over the traces, in ms. */
function describePhases(name: string, traces: Trace[]): string {
  let previous = 0
  const parts = PHASE_NAMES.map(([key, label]) => {
    const end = median(traces.map(t => t.marks[key] ?? NaN))
    const part = `${label} ${(end - previous).toFixed(0)}`
    previous = end
    return part
  })
  return `${name}, ms by phase (medians of ${traces.length} runs, ${previous.toFixed(0)} ms to exit): ${parts.join('; ')}`
}

/** Node's own modules a trace loaded beyond those of `node -e 0`. */
function extraBuiltins(trace: Trace, baseline: Trace): string[] {
  const loaded = new Set(baseline.builtins)
  return trace.builtins.filter(m => m.startsWith('NativeModule ') && !loaded.has(m)).map(m => m.slice('NativeModule '.length))
}

export const remoteStartupSection: Section = {
  name: 'remote-startup',
  summary: 'remote nss status RECEIPT --json over HTTPS to nss serve on loopback, cold, as a ratio to node -e 0 (issue 12 point 4)',

  async run(context: BenchContext): Promise<SectionOutput> {
    const {runs} = context.options
    context.log('remote-startup: preparing a desk, its TLS certificate and nss serve')
    const served = prepareServedDesk(context.tempDir('remote-desk'), context.tempDir('remote-tls'))
    const logDir = context.tempDir('remote-log')
    const server = await startDeskServer(served, path.join(logDir, 'serve.log'))
    try {
      // The client's folder: no store, no secret.key, no saved login; only what NSS_URL needs. Its
      // compile cache is its own, as on an office's machine, so that the figures do not depend on what
      // other runs on this machine left in the user's.
      const clientDir = context.tempDir('remote-client')
      const base = withoutExtraCaCerts(process.env)
      for (const name of Object.keys(base)) if (name.startsWith('NSS_')) delete base[name]
      const clientEnv: NodeJS.ProcessEnv = {
        ...base, NO_COLOR: '1', NSS_HOME: clientDir, XDG_CONFIG_HOME: clientDir, NSS_COMPILE_CACHE: context.tempDir('remote-compile-cache'),
        // Its TLS sessions too (src/cli/remote/tls-sessions.ts): the untimed first runs keep one.
        XDG_CACHE_HOME: context.tempDir('remote-cache'),
        NSS_URL: server.url, NSS_TOKEN: served.token, NSS_CA_FILE: served.tls.caFile,
      }
      const commands = {
        node: {name: 'node -e 0', argv: [process.execPath, '-e', '0'], env: withoutExtraCaCerts(process.env)},
        get: {
          name: 'one HTTPS GET of the status from a bare Node script', argv: [process.execPath, path.join(ROOT, 'dist', 'bench', 'https-get.js')],
          env: {...clientEnv, BENCH_URL: `${server.url}/api/v1/applications/${served.receiptNo}`}, cwd: clientDir,
        },
        status: {name: 'remote nss status RECEIPT --json', argv: [process.execPath, BIN, 'status', served.receiptNo, '--json'], env: clientEnv, cwd: clientDir},
        statusUncached: {
          name: 'remote nss status RECEIPT --json, no compile cache', argv: [process.execPath, BIN, 'status', served.receiptNo, '--json'],
          env: {...clientEnv, NSS_COMPILE_CACHE: 'off'}, cwd: clientDir,
        },
        statusVerifying: {
          name: 'remote nss status RECEIPT --json, no TLS session kept', argv: [process.execPath, BIN, 'status', served.receiptNo, '--json'],
          env: {...clientEnv, NSS_TLS_SESSIONS: 'off'}, cwd: clientDir,
        },
        ...(process.env.NODE_EXTRA_CA_CERTS ? {nodeExtra: {name: 'node -e 0 with this machine\'s NODE_EXTRA_CA_CERTS', argv: [process.execPath, '-e', '0']}} : {}),
      } satisfies Record<string, TimedCommand>

      // A figure of a wrong answer means nothing: the remote call must show the application, as the bare GET does.
      for (const command of [commands.status, commands.get]) {
        const shown = JSON.parse(runOnce(command).stdout) as {receiptNo?: string}
        if (shown.receiptNo !== served.receiptNo) throw new Error(`${command.name} did not show ${served.receiptNo}`)
      }

      context.log(`remote-startup: ${runs} interleaved rounds of ${Object.keys(commands).length} commands`)
      const timings = timeCommands(Object.values(commands), runs)
      const timing = (command: TimedCommand): Timing => timings.find(t => t.name === command.name)!
      const node = timing(commands.node).median
      const status = timing(commands.status).median
      const get = timing(commands.get).median

      const traceDir = context.tempDir('remote-trace')
      const traces = traceRuns(traceDir, commands.status, 9)
      const [nodeTrace] = traceRuns(traceDir, {...commands.node, argv: [process.execPath, '-e', '0']}, 1)
      const files = traces[0].files.filter(file => !file.endsWith('remote-phases.js')).map(file => path.relative(ROOT, file))
      const builtins = extraBuiltins(traces[0], nodeTrace)
      const serverTimes = completedRequests(server.logFile).filter(r => r.url.startsWith(`/api/v1/applications/${served.receiptNo}`)).map(r => r.responseTime)

      const figures: SectionOutput['figures'] = [
        {name: 'node -e 0, without NODE_EXTRA_CA_CERTS', value: node, unit: 'ms', detail: describeTiming(timing(commands.node))},
        {name: 'one HTTPS GET from a bare Node script', value: get, unit: 'ms', detail: `${(get / node).toFixed(2)}× node -e 0: the floor of a call that verifies the server's certificate; ${describeTiming(timing(commands.get))}`},
        {name: 'remote nss status RECEIPT --json', value: status, unit: 'ms', detail: describeTiming(timing(commands.status))},
        {
          name: 'remote nss status RECEIPT --json ÷ node -e 0', value: status / node, unit: '×', budget: REMOTE_STATUS_BUDGET_RATIO,
          detail: `${(status / get).toFixed(2)}× the bare HTTPS GET; both without NODE_EXTRA_CA_CERTS`,
        },
        {name: 'same, compile cache off (NSS_COMPILE_CACHE=off) ÷ node -e 0', value: timing(commands.statusUncached).median / node, unit: '×', detail: describeTiming(timing(commands.statusUncached))},
        {
          name: 'same, no TLS session kept (NSS_TLS_SESSIONS=off: the certificate verified every call) ÷ node -e 0', value: timing(commands.statusVerifying).median / node, unit: '×',
          detail: `what a call costs when the server does not resume its session (the first call, a restarted server); ${describeTiming(timing(commands.statusVerifying))}`,
        },
        {name: 'the server\'s time for the status request (its log\'s responseTime)', value: median(serverTimes), unit: 'ms', detail: `median of ${serverTimes.length} requests`},
        {name: 'JS files loaded by remote nss status', value: files.length, unit: 'modules', detail: files.join(', ')},
        {name: 'Node built-in modules loaded beyond node -e 0', value: builtins.length, unit: 'modules', detail: builtins.filter(m => !m.startsWith('internal/')).join(', ')},
      ]
      if (commands.nodeExtra) {
        const extra = timing(commands.nodeExtra).median
        figures.push({
          name: 'node -e 0 with this machine\'s NODE_EXTRA_CA_CERTS', value: extra, unit: 'ms',
          detail: `${(extra - node).toFixed(1)} ms more than without (${process.env.NODE_EXTRA_CA_CERTS}); ${describeTiming(timing(commands.nodeExtra))}`,
        })
      }
      return {
        figures,
        notes: [
          describePhases('remote nss status RECEIPT --json', traces),
          `Every command runs without NODE_EXTRA_CA_CERTS (this machine sets it to ${process.env.NODE_EXTRA_CA_CERTS ?? 'nothing'}; Node parses that bundle at every start). The client trusts only the bench's CA (NSS_CA_FILE), runs in a folder with no store and no secret.key, and has a compile cache of its own (NSS_COMPILE_CACHE), as an office's machine has.`,
          'Each run is a new process and a new TLS connection; every command runs twice untimed first (page cache, compile cache, and the TLS session the next calls resume: src/cli/remote/tls-sessions.ts). Ratios are of medians taken in the same interleaved rounds.',
        ],
      }
    } finally {
      await server.stop()
    }
  },
}

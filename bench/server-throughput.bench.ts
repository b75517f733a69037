/**
 * Issue 12 point 4, the server: requests per second of `nss serve` answering GET
 * /api/v1/applications/RECEIPT (one application's status, with an office's token) at 32 concurrent
 * keep-alive connections, beside a bare Fastify 5 route answering the same bytes as a constant over
 * the same TLS (bare-fastify.ts), from the same load generator on the same machine; with the latency
 * (p50, p99) and the server's CPU time per request.
 * Budget: `nss serve` ≥ 0.3× the bare route's throughput.
 *
 * Two load generators, each in rounds that alternate the servers (nss first, then the bare route,
 * then the other way round), so that load from other work on the machine falls on both alike; the
 * ratio is taken within each round:
 * - load-generator.ts, node:https (always);
 * - wrk, when it is installed (`apt-get install wrk`; not needed by CI, which runs no bench). One
 *   process of Node's https costs about as much per request as the bare route itself, so on its own
 *   core it tops out near the bare route's rate; wrk does not, and then carries the budget.
 * On a machine of 2 cores the server and the load generator each have about one.
 */
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as https from 'node:https'
import * as os from 'node:os'
import * as path from 'node:path'
import {BENCH_RATE_LIMIT, prepareServedDesk, ServerProcess, startBareFastify, startDeskServer} from './desk-server'
import type {LoadResult, LoadTask} from './load-generator'
import {median, processCpuMs, runOnce} from './measure'
import {BenchContext, ROOT, Section, SectionOutput} from './section'

/** Issue 12 point 4: `nss serve` at least this share of the bare route's throughput. */
export const SERVER_THROUGHPUT_BUDGET_RATIO = 0.3
/** Issue 12 point 4: concurrent connections. */
export const CONNECTIONS = 32
const WARM_UP_SECONDS = 1

/** What one run of a load generator against one server measured. */
interface Measured {
  requestsPerSecond: number
  /** Latency, ms. */
  p50: number
  p99: number
  /** The server's CPU time per answered request in the run (its warm-up included), µs. */
  serverCpuUs: number
  /** The load generator's CPU time over the measured seconds, as a share of one core (%). */
  generatorShare: number
}

interface Target {
  server: ServerProcess
  url: string
  token?: string
}

interface LoadGenerator {
  name: string
  run(target: Target, caFile: string, seconds: number): Measured
}

/** Runs `work` (a load generator's run) and the CPU milliseconds the server used meanwhile. */
function withServerCpu<T>(server: ServerProcess, work: () => T): {result: T; cpuMs: number} {
  const before = processCpuMs(server.pid)
  const result = work()
  const after = processCpuMs(server.pid)
  return {result, cpuMs: before === null || after === null ? NaN : after - before}
}

/** load-generator.ts; throws unless every answer was a 200 over `CONNECTIONS` connections. */
const nodeGenerator: LoadGenerator = {
  name: 'node:https',
  run(target, caFile, seconds) {
    const task: LoadTask = {url: target.url, token: target.token, caFile, connections: CONNECTIONS, warmUpSeconds: WARM_UP_SECONDS, seconds}
    const {result: run, cpuMs} = withServerCpu(target.server, () => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'bench', 'load-generator.js')], {
      input: JSON.stringify(task), encoding: 'utf8',
    }))
    if (run.status !== 0) throw new Error(`the load generator failed (${run.status}): ${run.stderr}`)
    const result = JSON.parse(run.stdout) as LoadResult
    const answered = Object.values(result.statuses).reduce((a, b) => a + b, 0)
    if (result.errors > 0 || Object.keys(result.statuses).some(status => status !== '200')) {
      throw new Error(`${target.url}: not every request was answered 200: ${JSON.stringify(result.statuses)}, ${result.errors} without an answer`)
    }
    if (result.connectionsOpened !== CONNECTIONS) throw new Error(`${target.url}: ${result.connectionsOpened} connections opened, not ${CONNECTIONS}: keep-alive did not hold`)
    return {
      requestsPerSecond: result.requestsPerSecond, p50: result.p50, p99: result.p99, serverCpuUs: cpuMs * 1000 / answered,
      generatorShare: result.cpuMs / (seconds * 10),
    }
  },
}

/** `12.3ms`, `456.00us`, `1.20s` (wrk's latencies) in ms. */
function wrkMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text)
  if (!match) throw new Error(`wrk: a latency of ${text}`)
  return Number(match[1]) * {us: 0.001, ms: 1, s: 1000}[match[2] as 'us' | 'ms' | 's']
}

/** wrk, one thread, `CONNECTIONS` keep-alive connections (it does not check the certificate); throws on any error or non-2xx answer. */
const wrkGenerator: LoadGenerator = {
  name: 'wrk',
  run(target, _caFile, seconds) {
    const argv = (duration: number) => ['wrk', '-t1', `-c${CONNECTIONS}`, `-d${duration}s`, '--latency',
      ...(target.token ? ['-H', `Authorization: Bearer ${target.token}`] : []), target.url]
    runOnce({name: 'wrk warm-up', argv: argv(WARM_UP_SECONDS)})
    const {result: run, cpuMs} = withServerCpu(target.server, () => runOnce({name: 'wrk', argv: argv(seconds)}))
    const output = run.stdout
    if (/Socket errors|Non-2xx/.test(output)) throw new Error(`${target.url}: wrk saw errors: ${output}`)
    // The latency distribution's own lines: a share such as `77.50%` in the thread statistics above them ends in `50%` too.
    const field = (pattern: RegExp) => {
      const match = pattern.exec(output)
      if (!match) throw new Error(`wrk: no ${pattern} in ${output}`)
      return match[1]
    }
    const requests = Number(field(/(\d+) requests in/))
    return {
      requestsPerSecond: Number(field(/Requests\/sec:\s+([\d.]+)/)), p50: wrkMs(field(/^\s*50%\s+(\S+)$/m)), p99: wrkMs(field(/^\s*99%\s+(\S+)$/m)),
      serverCpuUs: cpuMs * 1000 / requests, generatorShare: (run.cpuMs ?? NaN) / (seconds * 10),
    }
  },
}

function isWrkInstalled(): boolean {
  return !spawnSync('wrk', ['--version']).error
}

function fetchBody(url: string, token: string, caFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https.get(url, {ca: fs.readFileSync(caFile), agent: false, headers: {authorization: `Bearer ${token}`}}, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => response.statusCode === 200
        ? resolve(Buffer.concat(chunks).toString('utf8'))
        : reject(new Error(`${url} answered ${response.statusCode}`)))
    }).on('error', reject)
  })
}

const range = (values: number[], digits = 0) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`

export const serverThroughputSection: Section = {
  name: 'server-throughput',
  summary: `nss serve: GET of one application's status at ${CONNECTIONS} keep-alive connections, beside a bare Fastify 5 route over the same TLS (issue 12 point 4)`,

  async run(context: BenchContext): Promise<SectionOutput> {
    const {serverSeconds, serverRounds} = context.options
    context.log('server-throughput: preparing a desk, its TLS certificate, nss serve and the bare Fastify server')
    const served = prepareServedDesk(context.tempDir('throughput-desk'), context.tempDir('throughput-tls'))
    const dir = context.tempDir('throughput')
    const desk = await startDeskServer(served, path.join(dir, 'serve.log'))
    let bare: ServerProcess | undefined
    try {
      const statusUrl = `${desk.url}/api/v1/applications/${served.receiptNo}`
      const bodyFile = path.join(dir, 'status.json')
      fs.writeFileSync(bodyFile, await fetchBody(statusUrl, served.token, served.tls.caFile))
      bare = await startBareFastify(served, bodyFile, path.join(dir, 'bare.log'))
      const constantUrl = `${bare.url}/constant`

      const generators = isWrkInstalled() ? [nodeGenerator, wrkGenerator] : [nodeGenerator]
      // The budget is the ratio of the generator that limits the bare route least.
      const judge = generators[generators.length - 1]
      const loadBefore = os.loadavg()
      const figures: SectionOutput['figures'] = []
      const notes: string[] = []
      for (const generator of generators) {
        const rounds: {desk: Measured; bare: Measured}[] = []
        for (let round = 0; round < serverRounds; round++) {
          context.log(`server-throughput: ${generator.name}, round ${round + 1} of ${serverRounds}, ${serverSeconds} s each after ${WARM_UP_SECONDS} s of warm-up`)
          const runDesk = () => generator.run({server: desk, url: statusUrl, token: served.token}, served.tls.caFile, serverSeconds)
          const runBare = () => generator.run({server: bare!, url: constantUrl}, served.tls.caFile, serverSeconds)
          if (round % 2 === 0) {
            const deskRun = runDesk()
            rounds.push({desk: deskRun, bare: runBare()})
          } else {
            const bareRun = runBare()
            rounds.push({desk: runDesk(), bare: bareRun})
          }
        }
        const of = (side: 'desk' | 'bare', field: keyof Measured) => rounds.map(r => r[side][field])
        const ratios = rounds.map(r => r.desk.requestsPerSecond / r.bare.requestsPerSecond)
        const by = ` (${generator.name})`
        const describe = (side: 'desk' | 'bare') => `median of ${rounds.length} rounds of ${serverSeconds} s (${range(of(side, 'requestsPerSecond'))} req/s); ${CONNECTIONS} connections`
        figures.push(
          {name: `nss serve, GET one application's status${by}`, value: median(of('desk', 'requestsPerSecond')), unit: 'req/s', detail: describe('desk')},
          {name: `bare Fastify 5 route, constant JSON, same TLS${by}`, value: median(of('bare', 'requestsPerSecond')), unit: 'req/s', detail: describe('bare')},
          {
            name: `nss serve ÷ bare Fastify route, throughput${by}`, value: median(ratios), unit: '×',
            ...(generator === judge ? {budget: SERVER_THROUGHPUT_BUDGET_RATIO, isFloor: true} : {}),
            detail: `median of the rounds' ratios (${ratios.map(r => r.toFixed(2)).join(', ')})`,
          },
          {name: `nss serve, p50 latency${by}`, value: median(of('desk', 'p50')), unit: 'ms', detail: `median of the rounds' p50 (${range(of('desk', 'p50'), 1)} ms)`},
          {name: `nss serve, p99 latency${by}`, value: median(of('desk', 'p99')), unit: 'ms', detail: `median of the rounds' p99 (${range(of('desk', 'p99'), 1)} ms)`},
          {name: `bare Fastify route, p50 latency${by}`, value: median(of('bare', 'p50')), unit: 'ms', detail: `median of the rounds' p50 (${range(of('bare', 'p50'), 2)} ms)`},
          {name: `bare Fastify route, p99 latency${by}`, value: median(of('bare', 'p99')), unit: 'ms', detail: `median of the rounds' p99 (${range(of('bare', 'p99'), 2)} ms)`},
          {name: `nss serve, CPU time per request${by}`, value: median(of('desk', 'serverCpuUs')), unit: 'µs', detail: `the server process's user + system time (/proc) over its answers, warm-up included (${range(of('desk', 'serverCpuUs'))} µs)`},
          {name: `bare Fastify route, CPU time per request${by}`, value: median(of('bare', 'serverCpuUs')), unit: 'µs', detail: `likewise (${range(of('bare', 'serverCpuUs'))} µs)`},
        )
        const share = (side: 'desk' | 'bare') => median(of(side, 'generatorShare')).toFixed(0)
        notes.push(`${generator.name} used ${share('desk')}% of a core against nss serve and ${share('bare')}% against the bare route${Number(share('bare')) >= 90 ? ': against the bare route it was the limit, not the server' : ''}.`)
      }
      const loadAfter = os.loadavg()
      return {
        figures,
        notes: [
          `Load average ${loadBefore.map(l => l.toFixed(2)).join(' ')} before the rounds, ${loadAfter.map(l => l.toFixed(2)).join(' ')} after, on ${os.availableParallelism()} CPUs: other work on the machine shows in these figures.`,
          ...notes,
          `The budget is judged on ${judge.name}'s rounds${generators.length === 1 ? ' (wrk is not installed: apt-get install wrk)' : ''}. Both servers send the same ${fs.statSync(bodyFile).size}-byte answer; wrk does not check the certificate, load-generator.ts trusts the bench's CA.`,
          `nss serve runs as deployed: TLS, helmet, the rate limiter (NSS_API_RATE_LIMIT=${BENCH_RATE_LIMIT} a minute, so that it refuses nothing), its JSON log (a line a request, to a file), the token checked on every request. The bare route has no logger, hooks or plugins.`,
        ],
      }
    } finally {
      await Promise.all([desk.stop(), bare?.stop()])
    }
  },
}

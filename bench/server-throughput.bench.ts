/**
 * Issue 12 point 4, the server: requests per second of `nss serve` answering GET
 * /api/v1/applications/RECEIPT (one application's status, with an office's token) at 32 concurrent
 * keep-alive connections, beside a bare Fastify 5 route answering the same bytes as a constant over
 * the same TLS (bare-fastify.ts), from the same load generator (load-generator.ts) on the same
 * machine; with the latency (p50, p99) and the server's CPU time per request.
 * Budget: `nss serve` ≥ 0.3× the bare route's throughput.
 *
 * The two are measured in alternating rounds (nss first, then the bare route, then the other way
 * round), so that load from other work on the machine falls on both alike; the ratio is taken within
 * each round. On a machine of 2 cores the server and the load generator each have about one.
 */
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as https from 'node:https'
import * as os from 'node:os'
import * as path from 'node:path'
import {BENCH_RATE_LIMIT, prepareServedDesk, ServerProcess, startBareFastify, startDeskServer} from './desk-server'
import type {LoadResult, LoadTask} from './load-generator'
import {median, processCpuMs} from './measure'
import {BenchContext, ROOT, Section, SectionOutput} from './section'

/** Issue 12 point 4: `nss serve` at least this share of the bare route's throughput. */
export const SERVER_THROUGHPUT_BUDGET_RATIO = 0.3
/** Issue 12 point 4: concurrent connections. */
export const CONNECTIONS = 32
const WARM_UP_SECONDS = 1

interface Measured extends LoadResult {
  /** The server's CPU time per answered request in the measured run (warm-up included in both), µs. */
  serverCpuUs: number
}

/** One run of the load generator against a server; throws unless every answer was a 200 over `CONNECTIONS` connections. */
function measure(server: ServerProcess, task: Omit<LoadTask, 'connections' | 'warmUpSeconds'>): Measured {
  const cpuBefore = processCpuMs(server.pid)
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'bench', 'load-generator.js')], {
    input: JSON.stringify({...task, connections: CONNECTIONS, warmUpSeconds: WARM_UP_SECONDS} satisfies LoadTask), encoding: 'utf8',
  })
  const cpuAfter = processCpuMs(server.pid)
  if (run.status !== 0) throw new Error(`the load generator failed (${run.status}): ${run.stderr}`)
  const result = JSON.parse(run.stdout) as LoadResult
  const answered = Object.values(result.statuses).reduce((a, b) => a + b, 0)
  if (result.errors > 0 || Object.keys(result.statuses).some(status => status !== '200')) {
    throw new Error(`${task.url}: not every request was answered 200: ${JSON.stringify(result.statuses)}, ${result.errors} without an answer`)
  }
  if (result.connectionsOpened !== CONNECTIONS) throw new Error(`${task.url}: ${result.connectionsOpened} connections opened, not ${CONNECTIONS}: keep-alive did not hold`)
  return {...result, serverCpuUs: cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) * 1000 / answered}
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

      const loadBefore = os.loadavg()
      const rounds: {desk: Measured; bare: Measured}[] = []
      for (let round = 0; round < serverRounds; round++) {
        context.log(`server-throughput: round ${round + 1} of ${serverRounds}, ${serverSeconds} s each after ${WARM_UP_SECONDS} s of warm-up`)
        const runDesk = () => measure(desk, {url: statusUrl, token: served.token, caFile: served.tls.caFile, seconds: serverSeconds})
        const runBare = () => measure(bare!, {url: constantUrl, caFile: served.tls.caFile, seconds: serverSeconds})
        if (round % 2 === 0) {
          const deskRun = runDesk()
          rounds.push({desk: deskRun, bare: runBare()})
        } else {
          const bareRun = runBare()
          rounds.push({desk: runDesk(), bare: bareRun})
        }
      }
      const loadAfter = os.loadavg()

      const of = (side: 'desk' | 'bare', field: keyof Measured) => rounds.map(r => r[side][field] as number)
      const ratios = rounds.map(r => r.desk.requestsPerSecond / r.bare.requestsPerSecond)
      const describe = (side: 'desk' | 'bare') =>
        `median of ${rounds.length} rounds of ${serverSeconds} s (${range(of(side, 'requestsPerSecond'))} req/s); ${CONNECTIONS} connections; ${rounds[0][side].bodyBytes}-byte answers`
      const figures: SectionOutput['figures'] = [
        {name: 'nss serve, GET one application\'s status', value: median(of('desk', 'requestsPerSecond')), unit: 'req/s', detail: describe('desk')},
        {name: 'bare Fastify 5 route, constant JSON, same TLS', value: median(of('bare', 'requestsPerSecond')), unit: 'req/s', detail: describe('bare')},
        {
          name: 'nss serve ÷ bare Fastify route, throughput', value: median(ratios), unit: '×', budget: SERVER_THROUGHPUT_BUDGET_RATIO, isFloor: true,
          detail: `median of the rounds' ratios (${ratios.map(r => r.toFixed(2)).join(', ')})`,
        },
        {name: 'nss serve, p50 latency', value: median(of('desk', 'p50')), unit: 'ms', detail: `median of the rounds' p50 (${range(of('desk', 'p50'), 1)} ms)`},
        {name: 'nss serve, p99 latency', value: median(of('desk', 'p99')), unit: 'ms', detail: `median of the rounds' p99 (${range(of('desk', 'p99'), 1)} ms)`},
        {name: 'bare Fastify route, p50 latency', value: median(of('bare', 'p50')), unit: 'ms', detail: `median of the rounds' p50 (${range(of('bare', 'p50'), 1)} ms)`},
        {name: 'bare Fastify route, p99 latency', value: median(of('bare', 'p99')), unit: 'ms', detail: `median of the rounds' p99 (${range(of('bare', 'p99'), 1)} ms)`},
        {name: 'nss serve, CPU time per request', value: median(of('desk', 'serverCpuUs')), unit: 'µs', detail: `the server process's user + system time (/proc) over its answers, warm-up included (${range(of('desk', 'serverCpuUs'))} µs)`},
        {name: 'bare Fastify route, CPU time per request', value: median(of('bare', 'serverCpuUs')), unit: 'µs', detail: `likewise (${range(of('bare', 'serverCpuUs'))} µs)`},
      ]
      const generatorShare = (side: 'desk' | 'bare') => median(rounds.map(r => r[side].cpuMs / (r[side].seconds * 1000) * 100)).toFixed(0)
      return {
        figures,
        notes: [
          `Load average ${loadBefore.map(l => l.toFixed(2)).join(' ')} before the rounds, ${loadAfter.map(l => l.toFixed(2)).join(' ')} after, on ${os.availableParallelism()} CPUs: other work on the machine shows in these figures.`,
          `The load generator (bench/load-generator.ts: node:https, an Agent with keepAlive and maxSockets ${CONNECTIONS}) used ${generatorShare('desk')}% of a core against nss serve and ${generatorShare('bare')}% against the bare route.`,
          `nss serve runs as deployed: TLS, helmet, the rate limiter (NSS_API_RATE_LIMIT=${BENCH_RATE_LIMIT} a minute, so that it refuses nothing), its JSON log (two lines a request, to a file), the token checked on every request. The bare route has no logger, hooks or plugins.`,
        ],
      }
    } finally {
      await Promise.all([desk.stop(), bare?.stop()])
    }
  },
}

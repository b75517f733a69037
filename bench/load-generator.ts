/**
 * The load generator of the server-throughput section (issue 12 point 4), a process of its own: GETs
 * of one URL over HTTPS from `connections` keep-alive connections (node:https Agent, keepAlive,
 * maxSockets = connections), each connection sending its next request as soon as the answer to the
 * previous one has arrived, for a warm-up (TLS handshakes, the JIT of both sides) and then a fixed
 * time. Counts what was answered within the measured time, with each request's latency.
 *
 * Reads its task as JSON on stdin (LoadTask), writes its result as JSON on stdout (LoadResult).
 */
import * as fs from 'node:fs'
import * as https from 'node:https'
import * as net from 'node:net'

export interface LoadTask {
  url: string
  /** Sent as `Authorization: Bearer …` when given. */
  token?: string
  caFile: string
  connections: number
  warmUpSeconds: number
  seconds: number
}

export interface LoadResult {
  /** Answers (of any status) completed within the measured time. */
  requests: number
  seconds: number
  requestsPerSecond: number
  /** Latency of those answers, ms: from sending the request to the end of the answer. */
  p50: number
  p99: number
  /** Answers by status code, warm-up included. */
  statuses: Record<string, number>
  /** Requests that failed without an answer (a reset, a timeout). */
  errors: number
  /** Connections the agent opened: `connections` when keep-alive held. */
  connectionsOpened: number
  /** Bytes of the last answer's body. */
  bodyBytes: number
  /** CPU time of this process in the measured time, ms (user + system). */
  cpuMs: number
}

function percentile(sorted: Float64Array, share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]
}

async function run(task: LoadTask): Promise<LoadResult> {
  const agent = new https.Agent({keepAlive: true, maxSockets: task.connections, ca: fs.readFileSync(task.caFile)})
  let connectionsOpened = 0
  const createConnection = agent.createConnection.bind(agent) as (...args: unknown[]) => net.Socket
  ;(agent as unknown as {createConnection: (...args: unknown[]) => net.Socket}).createConnection = (...args: unknown[]) => {
    connectionsOpened++
    return createConnection(...args)
  }
  const headers: Record<string, string> = {accept: 'application/json'}
  if (task.token) headers.authorization = `Bearer ${task.token}`
  const target = new URL(task.url)
  const statuses: Record<string, number> = {}
  let errors = 0
  let bodyBytes = 0
  // Latencies of the measured window, in a typed array (no garbage of its own for the GC to collect).
  let latencies = new Float64Array(1 << 16)
  let count = 0
  let measuring = false
  let windowStart = 0n
  let windowEnd = 0n
  let stopAt = 0n

  const send = () => new Promise<void>(resolve => {
    const started = process.hrtime.bigint()
    const request = https.request(target, {agent, headers}, response => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => { bytes += chunk.length })
      response.on('end', () => {
        const ended = process.hrtime.bigint()
        statuses[response.statusCode ?? 0] = (statuses[response.statusCode ?? 0] ?? 0) + 1
        bodyBytes = bytes
        if (measuring && started >= windowStart && ended <= windowEnd) {
          if (count === latencies.length) {
            const larger = new Float64Array(latencies.length * 2)
            larger.set(latencies)
            latencies = larger
          }
          latencies[count++] = Number(ended - started) / 1e6
        }
        resolve()
      })
    })
    request.on('error', () => {
      errors++
      resolve()
    })
    request.end()
  })
  const connection = async () => {
    while (process.hrtime.bigint() < stopAt) await send()
  }
  const runFor = (seconds: number) => {
    stopAt = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9))
    return Promise.all(Array.from({length: task.connections}, connection))
  }

  await runFor(task.warmUpSeconds)
  const cpuBefore = process.cpuUsage()
  windowStart = process.hrtime.bigint()
  windowEnd = windowStart + BigInt(Math.round(task.seconds * 1e9))
  measuring = true
  await runFor(task.seconds)
  const cpu = process.cpuUsage(cpuBefore)
  agent.destroy()
  const sorted = latencies.subarray(0, count).sort()
  return {
    requests: count, seconds: task.seconds, requestsPerSecond: count / task.seconds,
    p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99),
    statuses, errors, connectionsOpened, bodyBytes, cpuMs: (cpu.user + cpu.system) / 1000,
  }
}

if (require.main === module) {
  const task = JSON.parse(fs.readFileSync(0, 'utf8')) as LoadTask
  run(task).then(result => process.stdout.write(`${JSON.stringify(result)}\n`), error => {
    process.stderr.write(`load-generator: ${error instanceof Error ? error.stack : String(error)}\n`)
    process.exitCode = 1
  })
}

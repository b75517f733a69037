/**
 * `nss daemon` as a process of its own, timed and watched: its wall time, its output, its JSON log
 * lines, and its memory as the kernel counts it (/proc/PID/status: VmHWM, the peak resident set, and
 * VmRSS), sampled while it runs. Bounded: a daemon still running after `timeoutMs` is killed and the
 * run fails.
 */
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import {BIN, ROOT} from './section'

/** One JSON log line of the daemon (src/app/log.ts). */
export interface LogLine {
  ts: string
  level: string
  msg: string
  [field: string]: unknown
}

export interface DaemonRun {
  /** When the process was spawned (ms since the epoch, as the log's timestamps). */
  startedAt: number
  /** Wall time from spawning the process to its exit. */
  ms: number
  code: number | null
  stdout: string
  stderr: string
  log: LogLine[]
  /** The highest VmHWM seen, in MB (2^20 bytes); null where /proc is not there. */
  peakMb: number | null
  /** VmRSS at each sample: [ms since the start, MB]. */
  rss: [number, number][]
}

export interface DaemonRunOptions {
  env: NodeJS.ProcessEnv
  /** How often /proc/PID/status is read. */
  sampleMs?: number
  /** Asked at each sample with the log so far; once it says true the daemon gets SIGTERM (a long-running daemon, drained). */
  isDone?: (log: LogLine[], elapsedMs: number) => boolean
  timeoutMs: number
}

/** VmHWM and VmRSS of a process, in kB; null when it is gone or there is no /proc. */
export function readMemory(pid: number): {hwmKb: number; rssKb: number} | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
    const hwmKb = field('VmHWM')
    const rssKb = field('VmRSS')
    return Number.isNaN(hwmKb) ? null : {hwmKb, rssKb}
  } catch {
    return null
  }
}

/** Runs `nss ARGS` (the daemon) until it exits, sampling its memory. */
export function runDaemonProcess(args: string[], options: DaemonRunOptions): Promise<DaemonRun> {
  const sampleMs = options.sampleMs ?? 50
  return new Promise((resolve, reject) => {
    const startedAt = Date.now()
    const started = process.hrtime.bigint()
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6
    // NSS_BENCH_DAEMON_NODE_ARGS: Node flags for the daemon alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
    // (Node refuses --cpu-prof in NODE_OPTIONS).
    const nodeArgs = (process.env.NSS_BENCH_DAEMON_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)
    const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], {cwd: ROOT, env: {...process.env, NO_COLOR: '1', ...options.env}, stdio: ['ignore', 'pipe', 'pipe']})
    // Decoded as a stream: a character split between two chunks stays whole.
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    const stdout: string[] = []
    const stderr: string[] = []
    const log: LogLine[] = []
    let partial = ''
    child.stdout.on('data', (chunk: string) => stdout.push(chunk))
    child.stderr.on('data', (chunk: string) => {
      stderr.push(chunk)
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      log.push(...parseLog(lines.join('\n')))
    })
    let peakKb: number | null = null
    const rss: [number, number][] = []
    let isStopping = false
    const sample = () => {
      const memory = child.pid === undefined ? null : readMemory(child.pid)
      if (memory) {
        peakKb = Math.max(peakKb ?? 0, memory.hwmKb)
        rss.push([Math.round(elapsed()), Math.round(memory.rssKb / 1024 * 10) / 10])
      }
      if (!isStopping && options.isDone?.(log, elapsed())) {
        isStopping = true
        child.kill('SIGTERM')
      }
    }
    const sampler = setInterval(sample, sampleMs)
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.on('error', error => {
      clearInterval(sampler)
      clearTimeout(killer)
      reject(error)
    })
    child.on('exit', () => sample())
    child.on('close', (code, signal) => {
      const ms = elapsed()
      clearInterval(sampler)
      clearTimeout(killer)
      const err = stderr.join('')
      if (signal === 'SIGKILL') {
        reject(new Error(`nss ${args.join(' ')} did not finish within ${options.timeoutMs / 1000} s; its log ends:\n${err.slice(-3000)}`))
        return
      }
      resolve({
        startedAt, ms, code, stdout: stdout.join(''), stderr: err, log: [...log, ...parseLog(partial)],
        peakMb: peakKb === null ? null : peakKb / 1024, rss,
      })
    })
  })
}

/** The JSON lines of a daemon's stderr (anything else is skipped). */
export function parseLog(stderr: string): LogLine[] {
  const lines: LogLine[] = []
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      lines.push(JSON.parse(line))
    } catch {
      // not a log line
    }
  }
  return lines
}

/** Milliseconds between two log lines' timestamps. */
export function between(from: LogLine | undefined, to: LogLine | undefined): number {
  return from && to ? Date.parse(to.ts) - Date.parse(from.ts) : NaN
}

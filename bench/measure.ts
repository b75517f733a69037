/**
 * Timing: whole processes, cold (a new process each run), and functions in this process. Processes
 * are measured in interleaved rounds — every command once per round, in a rotating order — so load
 * from other work on the machine falls on all of them alike, and a ratio taken in one run is fair.
 */
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'

/** One command to time, as argv (no shell), with its environment. */
export interface TimedCommand {
  name: string
  argv: string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Text for stdin (e.g. an application file with `--file -`). */
  input?: string
}

export interface Timing {
  name: string
  /** Wall-clock milliseconds of each run, in run order. */
  samples: number[]
  median: number
  min: number
  p90: number
  /** Mean CPU time (user + system) per run, from the kernel's accounting of reaped children. */
  cpuMs: number | null
}

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** The value below which `share` of the numbers fall (nearest rank). */
export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]
}

const CLOCK_TICKS_PER_SECOND = 100

/**
 * CPU milliseconds used so far by this process's reaped children (Linux /proc/self/stat cutime +
 * cstime), or null elsewhere. Its resolution is 10 ms, so it is averaged over many runs.
 */
function childrenCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) * 1000 / CLOCK_TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** CPU milliseconds (user + system) a running process has used so far (/proc/PID/stat utime + stime), or null. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime (14) and stime (15), at 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * 1000 / CLOCK_TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** Runs a command once; throws with its output when it fails (a figure of a failing run means nothing). */
export function runOnce(command: TimedCommand): {ms: number; cpuMs: number | null; stdout: string} {
  const cpuBefore = childrenCpuMs()
  const started = process.hrtime.bigint()
  const result = spawnSync(command.argv[0], command.argv.slice(1), {
    env: command.env ?? process.env, cwd: command.cwd, input: command.input ?? '', encoding: 'utf8', maxBuffer: 256 * 2 ** 20,
  })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const cpuAfter = childrenCpuMs()
  if (result.error) throw result.error
  if (result.status !== 0) {
    throw new Error(`${command.name} exited ${result.status}: ${result.stderr.slice(0, 2000)}${result.stdout.slice(0, 2000)}`)
  }
  return {ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, stdout: result.stdout}
}

/**
 * Times each command `runs` times after `warmUp` untimed runs each (page cache, the CLI's compile
 * cache), in interleaved rounds with a rotating order.
 */
export function timeCommands(commands: TimedCommand[], runs: number, warmUp = 2): Timing[] {
  for (let i = 0; i < warmUp; i++) for (const command of commands) runOnce(command)
  const samples = commands.map(() => [] as number[])
  const cpu = commands.map(() => [] as number[])
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < commands.length; k++) {
      const index = (round + k) % commands.length
      const {ms, cpuMs} = runOnce(commands[index])
      samples[index].push(ms)
      if (cpuMs !== null) cpu[index].push(cpuMs)
    }
  }
  return commands.map((command, index) => ({
    name: command.name,
    samples: samples[index].map(ms => Math.round(ms * 100) / 100),
    median: median(samples[index]),
    min: Math.min(...samples[index]),
    p90: percentile(samples[index], 0.9),
    cpuMs: cpu[index].length === runs ? cpu[index].reduce((a, b) => a + b, 0) / runs : null,
  }))
}

/** Milliseconds of each of `runs` calls of `work` (awaited one after another), after `warmUp` calls. */
export async function timeCalls(work: (iteration: number) => unknown, runs: number, warmUp = 20): Promise<number[]> {
  for (let i = 0; i < warmUp; i++) await work(i)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint()
    await work(warmUp + i)
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return samples
}

/** `12.3 ms median (min 11.0, p90 14.2), cpu 10.0 ms` */
export function describeTiming(timing: Timing): string {
  const cpu = timing.cpuMs === null ? '' : `, cpu ${timing.cpuMs.toFixed(0)} ms`
  return `median of ${timing.samples.length} runs; min ${timing.min.toFixed(1)} ms, p90 ${timing.p90.toFixed(1)} ms${cpu}`
}

/** `median 1.2 ms, p90 1.9 ms, of 500 calls` */
export function describeCalls(samples: number[]): string {
  return `median of ${samples.length} calls; p90 ${percentile(samples, 0.9).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms`
}

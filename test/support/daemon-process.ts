/**
 * A long-running `nss daemon` as a child process for fault tests: its JSON log lines read as they come,
 * signals sent to its whole process group (SIGKILL: the daemon gets no chance to finish anything), and
 * optionally run later than now through libfaketime. Also a seeded PRNG, so that a run with random
 * moments can be replayed from its seed.
 */
import {ChildProcess, spawn} from 'node:child_process'
import {BIN, faketimeEnv, removeFaketimeLeftovers, ROOT} from './cli'
import {withStoreEnv} from './store'

/** mulberry32: a small seeded PRNG, so that a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * A long-running `nss daemon` in a process group of its own, so that SIGKILL reaches the daemon and
 * anything it started at once — it gets no chance to finish anything. One that runs later than now has
 * libfaketime preloaded (faketimeEnv), not the `faketime` wrapper, so that a kill -9 leaves nothing
 * behind in /dev/shm.
 */
export class DaemonProcess {
  private static readonly running = new Set<DaemonProcess>()
  readonly lines: any[] = []
  /** What removeFaketimeLeftovers removed after the daemon died (libfaketime's objects, when killed). */
  faketimeLeftoversRemoved: string[] = []
  readonly exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>
  private readonly child: ChildProcess
  private stderr = ''

  /** `intervalSeconds`: the longest wait between two cycles (by default an hour: only new mail wakes it). */
  constructor(env: Record<string, string>, offsetMs: number, intervalSeconds = 3600) {
    const spawnedAt = Date.now()
    const clock = offsetMs === 0 ? {} : faketimeEnv(new Date(spawnedAt + offsetMs))
    this.child = spawn(process.execPath, [BIN, 'daemon', '--interval', String(intervalSeconds)], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: withStoreEnv({...process.env, NO_COLOR: '1', ...env, ...clock}),
    })
    this.child.stderr!.on('data', chunk => {
      this.stderr += chunk
      for (let end = this.stderr.indexOf('\n'); end >= 0; end = this.stderr.indexOf('\n')) {
        const text = this.stderr.slice(0, end)
        this.stderr = this.stderr.slice(end + 1)
        try {
          this.lines.push(JSON.parse(text))
        } catch {
          this.lines.push({msg: text, level: 'raw'})
        }
      }
    })
    this.exited = new Promise(resolve => this.child.on('close', (code, signal) => {
      DaemonProcess.running.delete(this)
      if (offsetMs !== 0) this.faketimeLeftoversRemoved = removeFaketimeLeftovers(this.child.pid!, spawnedAt)
      resolve({code, signal})
    }))
    DaemonProcess.running.add(this)
  }

  /** Kills every daemon still running (an `after` hook's safety net: a failed test must not leave one behind). */
  static async killAll(): Promise<void> {
    const left = [...DaemonProcess.running]
    for (const daemon of left) daemon.kill9()
    await Promise.all(left.map(daemon => daemon.exited))
  }

  /**
   * Resolves with the first log line that passes `test`, or null when the daemon exits first; fails
   * after `timeoutMs` (the daemon is then killed, so that a failed test leaves nothing running).
   */
  async next(test: (line: any) => boolean, timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const line = this.lines.find(test)
      if (line) return line
      const exited = await Promise.race([this.exited.then(() => true), sleep(20).then(() => false)])
      if (exited) return this.lines.find(test) ?? null
      if (Date.now() > deadline) {
        this.kill9()
        throw new Error(`no such log line from the daemon within ${timeoutMs} ms; its lines: ${JSON.stringify(this.lines.slice(-10))}`)
      }
    }
  }

  /** Resolves when the daemon has logged `daemon started` (it holds the lease), or has exited. */
  async started(): Promise<boolean> {
    return (await this.next(l => l.msg === 'daemon started')) !== null
  }

  /** The daemon's process ID. */
  get pid(): number {
    return this.child.pid!
  }

  /** A signal to the whole group. */
  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal)
    } catch {
      // already gone
    }
  }

  kill9(): void {
    this.signal('SIGKILL')
  }
}


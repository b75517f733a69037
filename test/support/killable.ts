/**
 * A CLI process the test can kill at a moment of its choosing (kill -9 loops, a CLI killed while it
 * sends): `nss ARGS` started like cli.ts's nssAsync, with its child process at hand.
 */
import {ChildProcess, spawn} from 'node:child_process'
import {BIN, CliResult, ROOT} from './cli'
import {withStoreEnv} from './store'

export interface KillableRun {
  child: ChildProcess
  /** What the process wrote to stdout so far. */
  stdout(): string
  /** Its end: the exit code (-1 when killed) with the signal that ended it, if any. */
  ended: Promise<CliResult & {signal: NodeJS.Signals | null}>
}

/** Starts `nss ARGS` with `env` (plus the store of this run for its NSS_HOME). */
export function startNss(args: string[], env: Record<string, string>, input = ''): KillableRun {
  const child = spawn(process.execPath, [BIN, ...args], {env: {...process.env, NO_COLOR: '1', ...withStoreEnv(env)}, cwd: ROOT})
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', d => { stdout += d })
  child.stderr!.on('data', d => { stderr += d })
  child.stdin!.end(input)
  const ended = new Promise<CliResult & {signal: NodeJS.Signals | null}>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({code: code ?? -1, stdout, stderr, json, signal})
    })
  })
  return {child, stdout: () => stdout, ended}
}

/**
 * Runs a command under `strace -f -y` and reads back the system calls it made, in order, with the
 * paths of their file descriptors (issue 11: the order of fsyncs, renames and writes is what makes a
 * commit durable before its effect). strace serialises the calls of every thread of the process in
 * one file; a call another thread interrupts is split into `<unfinished ...>` and `<... resumed>`
 * lines: `start` is the line where it began, `end` the line where it returned.
 */
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/** One system call as strace saw it. */
export interface TracedCall {
  pid: number
  name: string
  /** The argument text (file descriptors as `12</path>`) and the return value. */
  text: string
  start: number
  end: number
}

/** The calls traced: the file traffic that makes or breaks durability. */
const TRACED = 'openat,write,pwrite64,writev,pwritev,fsync,fdatasync,rename,renameat,renameat2'

/** Runs `file argv` under strace; returns its exit status and the calls it made. */
export function traceCalls(file: string, argv: string[], options: {env: NodeJS.ProcessEnv; cwd?: string}): {status: number | null; stdout: string; stderr: string; calls: TracedCall[]} {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-strace-')), 'trace.txt')
  const result = spawnSync('strace', ['-f', '-y', '-s', '256', '-e', `trace=${TRACED}`, '-o', out, file, ...argv], {env: options.env, cwd: options.cwd, encoding: 'utf8'})
  if (result.error) throw result.error
  const calls = parseTrace(fs.readFileSync(out, 'utf8'))
  fs.rmSync(path.dirname(out), {recursive: true, force: true})
  return {status: result.status, stdout: result.stdout, stderr: result.stderr, calls}
}

/** Parses `strace -f -o` output (each line `PID  call(...) = result`). */
export function parseTrace(trace: string): TracedCall[] {
  const calls: TracedCall[] = []
  const pending = new Map<string, TracedCall>()
  trace.split('\n').forEach((line, index) => {
    const resumed = /^(\d+)\s+<\.\.\. (\w+) resumed>(.*)$/.exec(line)
    if (resumed) {
      const key = `${resumed[1]}:${resumed[2]}`
      const call = pending.get(key)
      if (!call) return
      pending.delete(key)
      call.text += resumed[3]
      call.end = index
      calls.push(call)
      return
    }
    const begun = /^(\d+)\s+(\w+)\((.*)$/.exec(line)
    if (!begun) return
    const call: TracedCall = {pid: Number(begun[1]), name: begun[2], text: begun[3], start: index, end: index}
    if (begun[3].endsWith('<unfinished ...>')) {
      call.text = begun[3].slice(0, -'<unfinished ...>'.length)
      pending.set(`${begun[1]}:${begun[2]}`, call)
    } else {
      calls.push(call)
    }
  })
  return calls.sort((a, b) => a.start - b.start)
}

/** The path of a call's first file descriptor argument (`12</tmp/x/nss.sqlite-wal>` → `/tmp/x/nss.sqlite-wal`). */
export function firstFdPath(call: TracedCall): string | null {
  return /^\d+<([^>]*)>/.exec(call.text)?.[1] ?? null
}

export const isWrite = (call: TracedCall) => ['write', 'pwrite64', 'writev', 'pwritev'].includes(call.name)
export const isSync = (call: TracedCall) => call.name === 'fsync' || call.name === 'fdatasync'
export const isRename = (call: TracedCall) => call.name.startsWith('rename')

/**
 * What a bench section is, and what every section can use: the CLI as users run it, temporary
 * folders that are removed afterwards, and a desk prepared the way an operator prepares one.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type {Figure, QueryPlan} from './report'
import {runOnce, TimedCommand} from './measure'

/** The repository root (this file runs from dist/bench/). */
export const ROOT = path.resolve(__dirname, '..', '..')
export const BIN = path.join(ROOT, 'bin', 'run.js')
export const EXAMPLES = path.join(ROOT, 'examples')

export interface BenchOptions {
  /** Runs per start-up figure (the issue: at least 15). */
  runs: number
  /** Applications in the store-scale section's store (the issue: 1,000,000). */
  applications: number
  /** Applications per apply-throughput figure in one process, and through the CLI. */
  applyInProcess: number
  applyThroughCli: number
  /** Replies the daemon reads over the mail stack (the issue: 1,000). */
  daemonReplies: number
  /** Messages in the Maildir backlog of the memory section (the issue: 10,000), of which `largeMessages` are 20 MB. */
  backlog: number
  largeMessages: number
  /** Seconds of each measured run of the server-throughput section, and how many rounds of both servers. */
  serverSeconds: number
  serverRounds: number
}

/** Handed to each section. */
export interface BenchContext {
  options: BenchOptions
  /** A new temporary folder, removed when the bench ends (also on Ctrl-C). */
  tempDir(prefix: string): string
  /** Progress on stderr, so stdout keeps the table. */
  log(text: string): void
}

export interface SectionOutput {
  figures: Omit<Figure, 'section'>[]
  plans?: QueryPlan[]
  notes?: string[]
}

/**
 * One part of the bench. Sections are independent: each builds what it measures in its own temporary
 * folders (and the daemon's throughput its own mail stack), removed or stopped when it ends.
 */
export interface Section {
  name: string
  summary: string
  run(context: BenchContext): Promise<SectionOutput>
}

export const OFFICE_PASSWORD = 'bench-office-pass-1'
export const REVIEWER_PASSWORD = 'bench-reviewer-pass-1'

/** `nss ARGS` as a timed command, in a desk's home. */
export function nssCommand(name: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): TimedCommand {
  return {name, argv: [process.execPath, BIN, ...args], env: {...process.env, NO_COLOR: '1', ...env}, cwd: ROOT, input}
}

/**
 * An environment without NODE_EXTRA_CA_CERTS: these machines set it to the system bundle, which Node
 * parses at every start (about 30 ms, `node -e 0` included) and users' machines do not set (issue 16);
 * every start-up figure is taken without it.
 */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = {...env}
  delete copy.NODE_EXTRA_CA_CERTS
  return copy
}

/** Runs `nss ARGS` once and returns its stdout; throws when it fails. */
export function nss(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): string {
  return runOnce(nssCommand(`nss ${args.join(' ')}`, args, env, input)).stdout
}

export interface Desk {
  home: string
  ops: NodeJS.ProcessEnv
  office: NodeJS.ProcessEnv
  reviewer: NodeJS.ProcessEnv
}

/** A desk as the README sets one up: `nss init`, the example offices, an office password, a reviewer. */
export function prepareDesk(home: string): Desk {
  const ops = {NSS_HOME: home}
  nss(['init'], ops)
  nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], ops)
  nss(['office', 'passwd', 'NACCS01'], {...ops, NSS_PASSWORD: OFFICE_PASSWORD})
  nss(['reviewer', 'add', 'r.sato', '--name', '佐藤 花子'], {...ops, NSS_PASSWORD: REVIEWER_PASSWORD})
  return {
    home,
    ops,
    office: {...ops, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: OFFICE_PASSWORD},
    reviewer: {...ops, NSS_REVIEWER: 'r.sato', NSS_PASSWORD: REVIEWER_PASSWORD},
  }
}

/** The example application (examples/application.json), as `nss apply --file` reads it. */
export function exampleApplication(): unknown {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
}

/** Temporary folders of this bench run, all removed by `removeTempDirs`. */
const created: string[] = []

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nss-bench-${prefix}-`))
  created.push(dir)
  return dir
}

/** Synchronous clean-ups beside the folders (a mail stack to stop), run by `removeTempDirs`. */
const cleanups = new Set<() => void>()

/** Registers a clean-up for the end of the bench, also on Ctrl-C; returns a function that drops it. */
export function atCleanup(cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

export function removeTempDirs(): void {
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup)
    try {
      cleanup()
    } catch {
      // Clean up what can be.
    }
  }
  for (const dir of created.splice(0)) fs.rmSync(dir, {recursive: true, force: true})
}

/** Size of a folder's files in MB (the store, its WAL). */
export function folderMegabytes(dir: string): number {
  let bytes = 0
  for (const entry of fs.readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile()) bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size
  }
  return bytes / 2 ** 20
}

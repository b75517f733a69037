/**
 * `npm test` after the build: the whole suite on SQLite; then — when NSS_TEST_PG_URL names a
 * PostgreSQL cluster (a superuser's URL; test/pgstack/pgstack.sh, as .ci/run starts it) — the suites
 * that reach the store on PostgreSQL (NSS_TEST_STORE=postgres, a database per test desk:
 * test/support/store.ts), and the contract suites in remote mode (NSS_TEST_MODE=remote, issue 12: the
 * CLI against a real `nss serve` over TLS from a folder with no store, on PostgreSQL when it is there,
 * the desk server's deployment, else on SQLite). Not every test four times: the store's own behaviour
 * (transactions, locks, claims, migrations, copies, every table the contract suites touch) is what
 * PostgreSQL can change, and the rest of the suite has its own server tests.
 *
 * The machines have two cores and most tests wait on child processes, so the SQLite suite runs as two
 * mocha processes side by side (the mail and fault files, and the rest), then the PostgreSQL and the
 * remote runs side by side. The first of each pair writes as it goes; the second's report follows it.
 * Every failing test is named again just above the closing line `N passed, N failed`, so that the end
 * of a CI log says what failed.
 *
 * `NSS_TEST_STORES=postgres` (or `sqlite`, or `remote`, or a list) runs those runs only; arguments go
 * to mocha (files, --grep). With a test file among them every run takes those files, in one process.
 */
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

type Failure = {file: string; title: string; message: string}
type Stats = {passes: number; failures: number; pending: number; ms: number; failed: Failure[]; files: Record<string, number>}

const ROOT = path.resolve(__dirname, '..', '..')
const integration = (names: string[]): string[] => names.map(name => `dist/test/integration/${name}.test.js`)

/** The suites that run in both modes of the CLI (issue 12, acceptance 1). */
const CONTRACT_SUITES = integration(['seed-scenario', 'locale-seed', 'isolation', 'validation-cli', 'lifecycle', 'password-secrecy', 'status-list', 'review-queue'])

/** Remote mode runs them and the office's other screens of issue 13 (nss passwd has a server of its own). */
const REMOTE_SUITES = [...CONTRACT_SUITES, ...integration(['drafts', 'dry-run', 'office-self', 'office-senders'])]

/**
 * What runs on PostgreSQL besides the contract suites: the files only PostgreSQL runs (pg-*), and those
 * whose subject is the store or whose use cases write SQL of their own (src/app: `.query(`, query
 * builders) — copies, backups, retention, migrations and init, the receipt-number sequence, concurrent
 * writers, kill -9 in a transaction, exactly-once claims of mail, tokens, the drafts, reminders and
 * health queries, the audit trail, dry runs that must leave the database as it was. The mail parsing,
 * the mail clients' forms, TLS, notices and messages, senders and passwords go through the same
 * repositories as those and run on SQLite only.
 */
const POSTGRES_SUITES = [
  ...CONTRACT_SUITES,
  'dist/test/integration/pg-*.test.js',
  ...integration(['store-copy', 'store-backup', 'retention', 'status-modules', 'token-cli', 'local-token', 'dry-run', 'receipt-numbers',
    'idempotency-key', 'fault-concurrency', 'fault-kill-apply', 'mail-bot-exactly-once', 'drafts', 'reminders', 'audit-actors',
    'health', 'init-home']),
  'dist/test/unit/store/*.test.js',
]

/** The SQLite suite's first half: the files that drive mail servers, the daemon and kill -9. */
const FIRST_HALF = /\/(mail-|fault-|imap-|hostile-|durability-)[^/]*\.test\.js$/

function testFiles(): string[] {
  const dir = path.join(ROOT, 'dist', 'test')
  return (fs.readdirSync(dir, {recursive: true}) as string[])
    .filter(file => file.endsWith('.test.js'))
    .map(file => path.join('dist', 'test', file))
    .sort()
}

type Run = {label: string; store: 'sqlite' | 'postgres'; mode: 'local' | 'remote'; args: string[]}

/** One mocha process; `live` writes its report as it goes, else the report is kept until it ends. */
function runMocha(run: Run, live: boolean): Promise<{stats: Stats; output: string}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-suite-'))
  const statsFile = path.join(dir, 'stats.json')
  const outputFile = path.join(dir, 'output.txt')
  return new Promise((resolve, reject) => {
    const out = live ? 'inherit' : fs.openSync(outputFile, 'w')
    const child = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), ...run.args], {
      cwd: ROOT, stdio: ['ignore', out, out],
      env: {...process.env, NSS_TEST_STORE: run.store, NSS_TEST_MODE: run.mode, NSS_TEST_STATS_FILE: statsFile, NSS_TEST_RUN: run.label},
    })
    if (typeof out === 'number') fs.closeSync(out)
    child.on('error', reject)
    child.on('close', code => {
      const output = live ? '' : fs.readFileSync(outputFile, 'utf8')
      let stats: Stats
      try {
        stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as Stats
      } catch {
        // mocha died before its reporter ended (a crash while loading the tests): count it as a failure.
        stats = {passes: 0, failures: 1, pending: 0, ms: 0, failed: [{file: '', title: `mocha (${run.label}) ended (${code}) without a report`, message: ''}], files: {}}
      }
      fs.rmSync(dir, {recursive: true, force: true})
      resolve({stats, output})
    })
  })
}

/** Runs side by side; the first writes as it goes, the others' reports follow in order. */
async function together(runs: Run[]): Promise<Array<{run: Run; stats: Stats}>> {
  const results = await Promise.all(runs.map((run, i) => runMocha(run, i === 0)))
  for (const {output} of results.slice(1)) process.stdout.write(output)
  return results.map(({stats}, i) => ({run: runs[i], stats}))
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const filesGiven = args.some(arg => arg.endsWith('.js'))
  const options = args
  const wanted = (process.env.NSS_TEST_STORES ?? (process.env.NSS_TEST_PG_URL ? 'sqlite,postgres,remote' : 'sqlite,remote')).split(',').map(s => s.trim())
  const results: Array<{run: Run; stats: Stats}> = []
  let missing = 0

  if (wanted.includes('sqlite')) {
    if (filesGiven) {
      results.push(...await together([{label: 'sqlite', store: 'sqlite', mode: 'local', args: options}]))
    } else {
      const files = testFiles()
      const first = files.filter(file => FIRST_HALF.test(`/${file}`))
      const second = files.filter(file => !FIRST_HALF.test(`/${file}`))
      results.push(...await together([
        {label: 'sqlite (mail, faults)', store: 'sqlite', mode: 'local', args: [...options, ...first]},
        {label: 'sqlite (the rest)', store: 'sqlite', mode: 'local', args: [...options, ...second]},
      ]))
    }
  }
  const second: Run[] = []
  if (wanted.includes('postgres')) {
    if (process.env.NSS_TEST_PG_URL) second.push({label: 'postgres', store: 'postgres', mode: 'local', args: filesGiven ? options : [...options, ...POSTGRES_SUITES]})
    else {
      process.stdout.write('NSS_TEST_STORES names postgres but NSS_TEST_PG_URL is not set (test/pgstack/pgstack.sh env)\n')
      missing++
    }
  }
  if (wanted.includes('remote')) {
    const store = process.env.NSS_TEST_PG_URL ? 'postgres' : 'sqlite'
    second.push({label: `remote (nss serve, ${store})`, store, mode: 'remote', args: filesGiven ? options : [...options, ...REMOTE_SUITES]})
  }
  if (second.length > 0) results.push(...await together(second))

  const total = {passes: 0, failures: missing, pending: 0}
  for (const {stats} of results) {
    total.passes += stats.passes
    total.failures += stats.failures
    total.pending += stats.pending
  }
  for (const {run, stats} of results) {
    const skipped = stats.pending ? `, ${stats.pending} skipped` : ''
    process.stdout.write(`suite ${run.label}: ${stats.passes} passed, ${stats.failures} failed${skipped} in ${(stats.ms / 60_000).toFixed(1)} min\n`)
  }
  if (process.env.NSS_TEST_TIMES) {
    // The slowest files of each run, to balance the halves (NSS_TEST_TIMES=1).
    for (const {run, stats} of results) {
      const slow = Object.entries(stats.files).sort((a, b) => b[1] - a[1]).slice(0, 12)
      for (const [file, ms] of slow) process.stdout.write(`time ${run.label}: ${(ms / 1000).toFixed(0).padStart(5)} s  ${file}\n`)
    }
  }
  for (const {run, stats} of results) {
    for (const failure of stats.failed) process.stdout.write(`FAILED ${run.label}: ${failure.file}: ${failure.title}: ${failure.message}\n`)
  }
  const skipped = total.pending ? `, ${total.pending} skipped` : ''
  process.stdout.write(`${total.passes} passed, ${total.failures} failed${skipped}\n`)
  process.exitCode = total.failures > 0 ? 1 : 0
}

void main()

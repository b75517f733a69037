/**
 * `npm test` after the build: the whole suite on SQLite, then — when NSS_TEST_PG_URL names a
 * PostgreSQL cluster (a superuser's URL; test/pgstack/pgstack.sh, as .ci/run starts it) — the whole
 * suite again on PostgreSQL (NSS_TEST_STORE=postgres, a database per test desk: test/support/store.ts).
 * Ends with one combined closing line, `N passed, N failed`, and exits 1 when anything failed.
 *
 * Then the contract suites (CONTRACT_SUITES: the seed scenario, isolation, validation, the lifecycle,
 * the passwords window, the lists) run once more in remote mode (NSS_TEST_MODE=remote, issue 12): the
 * CLI against a real `nss serve` over TLS, from a folder with no store — on PostgreSQL when it is there
 * (the desk server's deployment), else on SQLite. Not every test four times: the rest of the suite
 * has its own server tests.
 *
 * `NSS_TEST_STORES=postgres` (or `sqlite`, or `remote`, or a list) runs those runs only; arguments go to mocha (files, --grep).
 * Without a test file among them it runs every one: the glob lives here, not in .mocharc.json, where
 * mocha would add it to the files named on its command line (`npx mocha FILE` must run FILE alone).
 */
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

type Stats = {passes: number; failures: number; pending: number; ms: number}

const ROOT = path.resolve(__dirname, '..', '..')

/** The suites that run in both modes of the CLI (issue 12, acceptance 1). */
const CONTRACT_SUITES = ['seed-scenario', 'locale-seed', 'isolation', 'validation-cli', 'lifecycle', 'password-secrecy', 'status-list', 'review-queue']
  .map(name => `dist/test/integration/${name}.test.js`)

function runMocha(store: 'sqlite' | 'postgres', args: string[], mode: 'local' | 'remote' = 'local'): Promise<Stats> {
  const statsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-suite-')), 'stats.json')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('mocha/bin/mocha.js'), ...args], {
      cwd: ROOT, stdio: 'inherit', env: {...process.env, NSS_TEST_STORE: store, NSS_TEST_MODE: mode, NSS_TEST_STATS_FILE: statsFile},
    })
    child.on('error', reject)
    child.on('close', code => {
      try {
        resolve(JSON.parse(fs.readFileSync(statsFile, 'utf8')) as Stats)
      } catch {
        // mocha died before its reporter ended (a crash while loading the tests): count it as a failure.
        resolve({passes: 0, failures: 1, pending: 0, ms: 0})
        process.stdout.write(`mocha on ${store} ended (${code}) without a report\n`)
      } finally {
        fs.rmSync(path.dirname(statsFile), {recursive: true, force: true})
      }
    })
  })
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const filesGiven = args.some(arg => arg.endsWith('.js'))
  const remoteArgs = filesGiven ? args : [...args, ...CONTRACT_SUITES]
  if (!filesGiven) args.push('dist/test/**/*.test.js')
  const wanted = (process.env.NSS_TEST_STORES ?? (process.env.NSS_TEST_PG_URL ? 'sqlite,postgres,remote' : 'sqlite,remote')).split(',').map(s => s.trim())
  const total = {passes: 0, failures: 0, pending: 0}
  const lines: string[] = []
  for (const store of ['sqlite', 'postgres'] as const) {
    if (!wanted.includes(store)) continue
    if (store === 'postgres' && !process.env.NSS_TEST_PG_URL) {
      process.stdout.write('NSS_TEST_STORES names postgres but NSS_TEST_PG_URL is not set (test/pgstack/pgstack.sh env)\n')
      total.failures++
      continue
    }
    const stats = await runMocha(store, args)
    total.passes += stats.passes
    total.failures += stats.failures
    total.pending += stats.pending
    lines.push(`on ${store}: ${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''} in ${(stats.ms / 60_000).toFixed(1)} min`)
  }
  if (wanted.includes('remote')) {
    const store = process.env.NSS_TEST_PG_URL ? 'postgres' : 'sqlite'
    const stats = await runMocha(store, remoteArgs, 'remote')
    total.passes += stats.passes
    total.failures += stats.failures
    total.pending += stats.pending
    lines.push(`remote (nss serve, ${store}): ${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''} in ${(stats.ms / 60_000).toFixed(1)} min`)
  }
  for (const line of lines) process.stdout.write(`suite ${line}\n`)
  const skipped = total.pending ? `, ${total.pending} skipped` : ''
  process.stdout.write(`${total.passes} passed, ${total.failures} failed${skipped}\n`)
  process.exitCode = total.failures > 0 ? 1 : 0
}

void main()

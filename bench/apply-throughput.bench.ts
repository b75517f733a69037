/**
 * Issue 6 part 3: apply throughput. Applications per second through the use case in one process, and
 * through `nss apply` in a shell loop (a new process, a login and a mail each), beside better-sqlite3's
 * raw insert rate for the same rows in one transaction: the floor the store could reach.
 *
 * Issue 11 point 15: both apply figures are taken with the desk's `synchronous = FULL` (a commit
 * fsyncs the WAL) and, interleaved in the same rounds, with NORMAL (the setting before): the cost of
 * durable commits. In process the NORMAL store is set on its connection; the CLI's NORMAL rounds load
 * bench/synchronous-normal.preload.ts.
 */
import {execFileSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {applyForSettings} from '../src/app/apply.use-case'
import {loadConfig} from '../src/app/config'
import {openContext} from '../src/app/context'
import {timeCalls, median} from './measure'
import {BIN, BenchContext, exampleApplication, nss, prepareDesk, Section, SectionOutput} from './section'

/** The tables an application's apply writes, in the order they are copied. */
const APPLY_TABLES = ['receipt_counters', 'applications', 'application_log', 'outbox'] as const

type Row = Record<string, unknown>

/**
 * Copies the rows apply wrote in one store into another (made by `nss init`), with prepared
 * better-sqlite3 inserts: all in one transaction, or (`perApplication`) one BEGIN IMMEDIATE … COMMIT
 * per application, as the use case commits. Returns the seconds the inserts took and the row count.
 */
function copyRowsRaw(from: string, to: string, perApplication: boolean): {seconds: number; rows: number} {
  const Driver = require('better-sqlite3') as typeof import('better-sqlite3')
  const source = new Driver(from, {readonly: true})
  const tables = APPLY_TABLES.map(table => ({table, rows: source.prepare(`SELECT * FROM "${table}"`).all() as Row[]}))
  source.close()
  const target = new Driver(to, {fileMustExist: true})
  const inserts = new Map<string, import('better-sqlite3').Statement>(tables.filter(t => t.rows.length > 0).map(({table, rows}) => {
    const columns = Object.keys(rows[0])
    return [table, target.prepare(`INSERT OR REPLACE INTO "${table}" (${columns.map(c => `"${c}"`).join(', ')}) VALUES (${columns.map(c => `@${c}`).join(', ')})`)]
  }))
  // Each application's rows together: its counter update, the application, its log line, its mail.
  const byApplication = new Map<string, [string, Row][]>()
  for (const {table, rows} of tables) {
    for (const row of rows) {
      const key = table === 'receipt_counters' ? '' : String(row.receiptNo)
      byApplication.set(key, [...(byApplication.get(key) ?? []), [table, row]])
    }
  }
  const write = (rows: [string, Row][]) => { for (const [table, row] of rows) inserts.get(table)!.run(row) }
  const started = process.hrtime.bigint()
  if (perApplication) {
    for (const rows of byApplication.values()) target.transaction(write).immediate(rows)
  } else {
    target.transaction(() => { for (const rows of byApplication.values()) write(rows) })()
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  target.close()
  return {seconds, rows: tables.reduce((n, t) => n + t.rows.length, 0)}
}

export const applyThroughputSection: Section = {
  name: 'apply-throughput',
  summary: 'applications per second: use case in process, nss apply in a shell loop, raw inserts (issue 6 part 3)',

  async run(context: BenchContext): Promise<SectionOutput> {
    const {applyInProcess, applyThroughCli} = context.options
    const input = exampleApplication()

    context.log(`apply-throughput: ${applyInProcess} applications through the use case (synchronous FULL, and NORMAL interleaved)`)
    const desk = prepareDesk(context.tempDir('apply'))
    const normalDesk = prepareDesk(context.tempDir('apply-normal'))
    const ctx = await openContext({config: loadConfig({...process.env, NSS_HOME: desk.home})})
    const normalCtx = await openContext({config: loadConfig({...process.env, NSS_HOME: normalDesk.home})})
    const perCall: number[] = []
    const normalPerCall: number[] = []
    let seconds = 0
    let normalSeconds = 0
    let synchronous: unknown[] = []
    try {
      // PRAGMA synchronous cannot change inside a transaction: outside one, on the store's connection.
      await normalCtx.store.read(m => m.query('PRAGMA synchronous = NORMAL'))
      synchronous = await Promise.all([ctx, normalCtx].map(async c => Object.values((await c.store.read(m => m.query('PRAGMA synchronous')))[0])[0]))
      const rounds = 4
      for (let round = 0; round < rounds; round++) {
        const count = Math.ceil(applyInProcess / rounds)
        for (const [store, calls, add] of [
          [ctx, perCall, (s: number) => { seconds += s }], [normalCtx, normalPerCall, (s: number) => { normalSeconds += s }],
        ] as const) {
          const started = process.hrtime.bigint()
          calls.push(...await timeCalls(() => applyForSettings(store, {kind: 'office', code: 'NACCS01'}, input), count, 0))
          add(Number(process.hrtime.bigint() - started) / 1e9)
        }
      }
    } finally {
      await ctx.store.close()
      await normalCtx.store.close()
    }

    context.log(`apply-throughput: the same rows, raw, in one transaction`)
    const rawHome = context.tempDir('apply-raw')
    const perApplicationHome = context.tempDir('apply-raw-each')
    nss(['init'], {NSS_HOME: rawHome})
    nss(['init'], {NSS_HOME: perApplicationHome})
    const raw = copyRowsRaw(path.join(desk.home, 'nss.sqlite'), path.join(rawHome, 'nss.sqlite'), false)
    const rawEach = copyRowsRaw(path.join(desk.home, 'nss.sqlite'), path.join(perApplicationHome, 'nss.sqlite'), true)

    context.log(`apply-throughput: ${applyThroughCli} × nss apply in a shell loop (FULL, and NORMAL interleaved)`)
    const cliDesk = prepareDesk(context.tempDir('apply-cli'))
    const normalCliDesk = prepareDesk(context.tempDir('apply-cli-normal'))
    const file = path.join(cliDesk.home, 'application.json')
    fs.writeFileSync(file, JSON.stringify(input))
    const preload = path.join(__dirname, 'synchronous-normal.preload.js')
    let cliSeconds = 0
    let normalCliSeconds = 0
    const cliRounds = 3
    const perRound = Math.ceil(applyThroughCli / cliRounds)
    const loop = `for i in $(seq ${perRound}); do "$NODE" $NODE_ARGS "$BIN" apply --file "$FILE" > /dev/null || exit 1; done`
    for (let round = 0; round < cliRounds; round++) {
      for (const normal of [false, true]) {
        const office = normal ? normalCliDesk.office : cliDesk.office
        const started = process.hrtime.bigint()
        execFileSync('bash', ['-c', loop], {
          env: {...process.env, ...office, NODE: process.execPath, NODE_ARGS: normal ? `--require ${preload}` : '', BIN, FILE: file, NO_COLOR: '1'},
          stdio: ['ignore', 'ignore', 'inherit'],
        })
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9
        if (normal) normalCliSeconds += elapsed
        else cliSeconds += elapsed
      }
    }
    const cliCalls = perRound * cliRounds
    const spooled = fs.readdirSync(path.join(cliDesk.home, 'mail', 'outbox')).filter(name => name.endsWith('.eml')).length

    const inProcessCalls = perCall.length
    const useCaseRate = inProcessCalls / seconds
    const normalRate = normalPerCall.length / normalSeconds
    const cliRate = cliCalls / cliSeconds
    const normalCliRate = cliCalls / normalCliSeconds
    const rawRate = applyInProcess / raw.seconds
    return {
      figures: [
        {name: 'apply through the use case, in process', value: useCaseRate, unit: 'apps/s', detail: `${inProcessCalls} applications, one write transaction each, synchronous FULL (PRAGMA reads ${synchronous[0]}); median ${median(perCall).toFixed(2)} ms per application`},
        {name: 'the same with synchronous NORMAL (before issue 11), interleaved', value: normalRate, unit: 'apps/s', detail: `PRAGMA reads ${synchronous[1]}; median ${median(normalPerCall).toFixed(2)} ms; FULL costs ${(median(perCall) - median(normalPerCall)).toFixed(2)} ms an application (${(100 * (1 - useCaseRate / normalRate)).toFixed(0)}% of the rate)`},
        {name: 'nss apply in a shell loop', value: cliRate, unit: 'apps/s', detail: `${cliCalls} calls in ${cliRounds} rounds, ${(cliSeconds * 1000 / cliCalls).toFixed(0)} ms each: a process, a login (scrypt), the transaction, the receipt mail to the spool (${spooled} .eml); synchronous FULL`},
        {name: 'nss apply in a shell loop, synchronous NORMAL, interleaved', value: normalCliRate, unit: 'apps/s', detail: `${(normalCliSeconds * 1000 / cliCalls).toFixed(0)} ms each; FULL costs ${((cliSeconds - normalCliSeconds) * 1000 / cliCalls).toFixed(0)} ms a call (${(100 * (1 - cliRate / normalCliRate)).toFixed(0)}% of the rate)`},
        {name: 'the same rows, raw better-sqlite3 inserts in one transaction', value: rawRate, unit: 'apps/s', detail: `${raw.rows} rows (${APPLY_TABLES.join(', ')}), ${(raw.rows / raw.seconds).toFixed(0)} rows/s; the use case reaches ${(100 * useCaseRate / rawRate).toFixed(1)}% of it`},
        {name: 'the same rows, raw, one transaction per application', value: applyInProcess / rawEach.seconds, unit: 'apps/s', detail: `BEGIN IMMEDIATE … COMMIT each, as the use case commits; the use case reaches ${(100 * useCaseRate * rawEach.seconds / applyInProcess).toFixed(0)}% of it`},
      ],
    }
  },
}

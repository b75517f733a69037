/**
 * Issue 6 part 2: the store at scale. 1,000,000 applications generated in bulk into a store made by
 * `nss init`; then `status RECEIPT`, an office's news and its list — in process through the use cases
 * (≤ 5 ms each), with the query plan of every statement they run, and through the CLI.
 */
import * as path from 'node:path'
import {openContext} from '../src/app/context'
import {loadConfig} from '../src/app/config'
import {hashPassword} from '../src/app/password-hash'
import {listStatus, showApplication} from '../src/app/status.use-case'
import {
  applicationCountQuery, applicationListQuery, ApplicationListFilter, QueueFilter, READ_QUERIES, reviewQueueCountQuery, reviewQueueQuery,
} from '../src/store/read-models'
import {OPEN_STATUSES} from '../src/domain/review-queue'
import {generateStore} from './generate-store'
import {describeCalls, describeTiming, median, timeCalls, timeCommands} from './measure'
import type {QueryPlan} from './report'
import {BenchContext, folderMegabytes, nss, nssCommand, Section, SectionOutput, withoutExtraCaCerts} from './section'
import {STATUS_BUDGET_RATIO} from './startup.bench'

/** Issue 6: each read of `status` in process at most this long. */
const IN_PROCESS_BUDGET_MS = 5
const PASSWORD = 'bench-office-pass-1'

/**
 * A plan uses indexes when no step scans a whole table and none sorts in a temporary b-tree
 * (SQLite: `SCAN t` without an index, `USE TEMP B-TREE FOR ORDER BY`).
 */
function usesIndexes(plan: string[]): boolean {
  return plan.every(step => !/^SCAN \S+$/.test(step.trim()) && !/^SCAN \S+ (?!USING)/.test(step.trim()) && !/TEMP B-TREE/.test(step))
}

function explain(db: import('better-sqlite3').Database, name: string, sql: string, params: unknown[]): QueryPlan {
  const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {id: number; parent: number; detail: string}[]
  const depth = new Map<number, number>([[0, -1]])
  const plan = steps.map(step => {
    const level = (depth.get(step.parent) ?? -1) + 1
    depth.set(step.id, level)
    return `${'  '.repeat(level)}${step.detail}`
  })
  return {name, sql, plan, usesIndexes: usesIndexes(plan)}
}

export const storeScaleSection: Section = {
  name: 'store-scale',
  summary: 'status RECEIPT, an office\'s news and list on a store of 1,000,000 applications (issue 6 part 2)',

  async run(context: BenchContext): Promise<SectionOutput> {
    const home = context.tempDir('store-scale')
    const ops = {NSS_HOME: home}
    nss(['init'], ops)
    const applications = context.options.applications
    context.log(`store-scale: generating ${applications.toLocaleString('en-US')} applications`)
    const generated = generateStore(path.join(home, 'nss.sqlite'), {
      applications, offices: Math.max(10, Math.round(applications / 500)), largeOfficeShare: 0.05, until: new Date(),
    }, await hashPassword(PASSWORD))
    const totalRows = Object.values(generated.rows).reduce((a, b) => a + b, 0)
    const megabytes = folderMegabytes(home)
    context.log(`store-scale: ${totalRows.toLocaleString('en-US')} rows in ${generated.seconds.toFixed(1)} s, ${megabytes.toFixed(0)} MB`)

    // The query plans of exactly the statements the read models run.
    const Driver = require('better-sqlite3') as typeof import('better-sqlite3')
    const db = new Driver(path.join(home, 'nss.sqlite'), {readonly: true})
    const receipt = generated.sample[generated.sample.length >> 1]
    const large = generated.largeOffice
    const fixed: [keyof typeof READ_QUERIES, unknown[]][] = [
      ['officeAccount', [large]], ['reviewerAccount', ['r.sato']], ['application', [receipt.receiptNo]], ['office', [large]],
      ['userCodes', [large]], ['userIds', [large]], ['log', [receipt.receiptNo]], ['mails', [receipt.receiptNo]],
      ['issuedPasswords', [receipt.receiptNo]], ['news', [large, 10]],
    ]
    const lists: [string, ApplicationListFilter][] = [
      ['office list', {officeCode: large}],
      ['office list --status query', {officeCode: large, status: 'query'}],
      ['office list --since', {officeCode: large, sinceIso: '2026-01-01T00:00:00.000Z'}],
      ['office list --status completed --since', {officeCode: large, status: 'completed', sinceIso: '2026-01-01T00:00:00.000Z'}],
    ]
    // The reviewer's queue (issue 14): the open ones, every row (sorted by due date in the use case),
    // mine, and one closed status the newest first.
    const queues: [string, QueueFilter, number | null][] = [
      ['review queue', {statuses: OPEN_STATUSES}, null],
      ['review queue --mine', {statuses: OPEN_STATUSES, owner: 'r.sato'}, null],
      ['review queue --unassigned --since', {statuses: OPEN_STATUSES, owner: null, sinceIso: '2026-01-01T00:00:00.000Z'}, null],
      ['review queue --status completed', {statuses: ['completed']}, 100],
    ]
    const plans = [
      ...fixed.map(([name, params]) => explain(db, name, READ_QUERIES[name], params)),
      ...lists.flatMap(([name, filter]) => {
        const list = applicationListQuery(filter, 100)
        const total = applicationCountQuery(filter)
        return [explain(db, name, list.sql, list.params), explain(db, `${name} (total)`, total.sql, total.params)]
      }),
      ...queues.flatMap(([name, filter, limit]) => {
        const list = reviewQueueQuery(filter, limit)
        const total = reviewQueueCountQuery(filter)
        return [explain(db, name, list.sql, list.params), ...(limit === null ? [] : [explain(db, `${name} (total)`, total.sql, total.params)])]
      }),
    ]
    // What fills the store: each table and index, with its pages (SQLite's dbstat).
    const sizes = db.prepare('SELECT "name", SUM("pgsize") AS "bytes" FROM "dbstat" WHERE "aggregate" = TRUE GROUP BY "name" ORDER BY "bytes" DESC').all() as {name: string; bytes: number}[]
    db.close()
    const storeBytes = sizes.reduce((sum, table) => sum + table.bytes, 0)
    const outboxBytes = sizes.find(table => table.name === 'outbox')?.bytes ?? 0

    // In process, through the use cases, as the CLI calls them (the login is the start-up section's).
    const ctx = await openContext({config: loadConfig({...process.env, NSS_HOME: home})})
    const figures: SectionOutput['figures'] = []
    try {
      const sample = generated.sample
      const show = await timeCalls(i => showApplication(ctx, {kind: 'office', code: sample[i % sample.length].officeCode}, sample[i % sample.length].receiptNo), 500)
      const largeList = await timeCalls(() => listStatus(ctx, {kind: 'office', code: large}), 300)
      const typicalList = await timeCalls(() => listStatus(ctx, {kind: 'office', code: generated.typicalOffice}), 300)
      const rareStatus = await timeCalls(() => listStatus(ctx, {kind: 'office', code: large}, {status: 'query'}), 300)
      const queue = await timeCalls(() => listStatus(ctx, {kind: 'reviewer', id: 'r.sato'}), 300)
      const news = await timeCalls(() => ctx.store.snapshot(reads => reads.latestNews(large, 10)), 500)
      const everything = await timeCalls(() => listStatus(ctx, {kind: 'office', code: large}, {limit: 0}), 10, 2)
      const largeTotal = (await listStatus(ctx, {kind: 'office', code: large})).total
      figures.push(
        {name: `bulk generation of ${applications.toLocaleString('en-US')} applications`, value: generated.seconds, unit: 's', detail: `${totalRows.toLocaleString('en-US')} rows in one transaction`},
        {name: 'bulk generation rate', value: totalRows / generated.seconds, unit: 'rows/s'},
        {name: 'store size (database and WAL)', value: megabytes, unit: 'MB', detail: `${(storeBytes / applications).toFixed(0)} bytes per application; a temporary folder, removed after`},
        {name: 'the outbox table (sent mails and their template data)', value: outboxBytes / 2 ** 20, unit: 'MB', detail: `${(100 * outboxBytes / storeBytes).toFixed(0)}% of the store`},
        {name: 'status RECEIPT, in process', value: median(show), unit: 'ms', budget: IN_PROCESS_BUDGET_MS, detail: `random receipts; ${describeCalls(show)}`},
        {name: 'news (latest 10) of the large office, in process', value: median(news), unit: 'ms', budget: IN_PROCESS_BUDGET_MS, detail: describeCalls(news)},
        {name: `status (news + newest 100 of ${largeTotal.toLocaleString('en-US')}, with total), large office`, value: median(largeList), unit: 'ms', budget: IN_PROCESS_BUDGET_MS, detail: describeCalls(largeList)},
        {name: 'status (news + list), typical office', value: median(typicalList), unit: 'ms', budget: IN_PROCESS_BUDGET_MS, detail: describeCalls(typicalList)},
        {name: 'status --status query, large office', value: median(rareStatus), unit: 'ms', budget: IN_PROCESS_BUDGET_MS, detail: describeCalls(rareStatus)},
        {name: 'status as reviewer (review queue)', value: median(queue), unit: 'ms', budget: IN_PROCESS_BUDGET_MS, detail: describeCalls(queue)},
        {name: `status --limit 0: all ${largeTotal.toLocaleString('en-US')} of the large office`, value: median(everything), unit: 'ms', detail: `why the list is capped; ${describeCalls(everything)}`},
        {name: 'query plans that use indexes', value: plans.filter(p => p.usesIndexes).length, unit: 'plans', detail: `of ${plans.length}; listed above the table`},
        {name: 'query plans that scan or sort', value: plans.filter(p => !p.usesIndexes).length, unit: 'plans', budget: 0},
      )
    } finally {
      await ctx.store.close()
    }

    // Through the CLI, cold, beside node -e 0 in the same rounds: the store's size must not show. As the
    // startup section measures it (issue 16): an API token each, no NODE_EXTRA_CA_CERTS.
    const tokenOf = (code: string) => (JSON.parse(nss(['token', 'create', '--office', code, '--name', 'bench', '--expires-days', '1', '--json'], ops)) as {token: string}).token
    const office = {NSS_HOME: ops.NSS_HOME, NSS_TOKEN: tokenOf(receipt.officeCode)}
    const largeOffice = {NSS_HOME: ops.NSS_HOME, NSS_TOKEN: tokenOf(large)}
    const commands = [
      {name: 'node -e 0', argv: [process.execPath, '-e', '0']},
      nssCommand('nss status RECEIPT --json', ['status', receipt.receiptNo, '--json'], office),
      nssCommand('nss status --json (large office)', ['status', '--json'], largeOffice),
    ].map(command => ({...command, env: withoutExtraCaCerts(command.env ?? process.env)}))
    context.log(`store-scale: ${context.options.runs} rounds through the CLI`)
    const [node, status, list] = timeCommands(commands, context.options.runs)
    figures.push(
      {name: 'nss status RECEIPT --json on this store ÷ node -e 0', value: status.median / node.median, unit: '×', budget: STATUS_BUDGET_RATIO, detail: describeTiming(status)},
      {name: 'nss status --json (large office) ÷ node -e 0', value: list.median / node.median, unit: '×', budget: STATUS_BUDGET_RATIO, detail: describeTiming(list)},
    )
    return {
      figures,
      plans,
      notes: [
        `Population: ${Object.entries(generated.rows).map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`).join(', ')}.`,
        `The large office (${large}) holds 5% of the applications; the others share the rest evenly.`,
        `Largest tables and indexes: ${sizes.slice(0, 6).map(t => `${t.name} ${(t.bytes / 2 ** 20).toFixed(0)} MB`).join(', ')}.`,
        'In-process figures call the use cases on one open context, as a command does after its login; samples include the read transaction.',
      ],
    }
  },
}

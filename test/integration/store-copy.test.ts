/**
 * `nss store copy --from <sqlite> --to postgres://…` (issue 7): a whole desk moves to PostgreSQL and
 * reads the same there; every problem with the input is named and nothing changes.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {nss, seededDesk, tempHome} from '../support/cli'
import {applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, readQueryMail} from '../support/replies'
import {authenticateApiToken} from '../../src/app/api-token'
import {loadConfig} from '../../src/app/config'
import {openContext} from '../../src/app/context'
import {POSTGRES_MIGRATIONS} from '../../src/store/migrations/postgres'
import {createTestDatabase, describeOn, openPostgresInspector} from '../support/store'

describeOn('postgres', 'nss store copy: SQLite to PostgreSQL (issue 7)', function () {
  this.timeout(180_000)
  let desk: ReturnType<typeof seededDesk>
  let sqlite: string
  let receiptNos: string[]
  let token: string

  before(async () => {
    const home = tempHome()
    sqlite = path.join(home, 'nss.sqlite')
    desk = seededDesk({db: sqlite})
    // A desk that has lived: applications in several states, mails sent, a reply read by the bot.
    receiptNos = [applyAndQuery(desk), applyAndQuery(desk), applyAndQuery(desk)]
    const query = await readQueryMail(desk.home, receiptNos[0])
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'iso-2022-jp', body: `修正します。\n\n${editForm(formOf(query.text), {操作: '修正', 備考: '移行前の修正'})}`}))
    const daemon = nss(['daemon', '--once', '--json'], {env: desk.ops})
    expect(daemon.code, daemon.stderr).to.equal(0)
    expect(daemon.json.lastCycle.inbound.map((r: any) => r.outcome)).to.deep.equal(['amended'])
    receiptNos.push(daemon.json.lastCycle.inbound[0].newReceiptNo)
    expect(nss(['withdraw', receiptNos[1]], {env: desk.office}).code).to.equal(0)
    // An application made with an idempotency key (issue 11): the key goes with the store.
    const keyed = nss(['apply', '--file', path.join(__dirname, '..', '..', '..', 'examples', 'application.json'), '--idempotency-key', 'copied-key-0001', '--json'], {env: desk.office})
    expect(keyed.code, keyed.stderr).to.equal(0)
    receiptNos.push(keyed.json.receiptNo)
    // An API token (issue 12): its hash goes with the store, and it still names its office there.
    const made = nss(['token', 'create', '--office', 'NACCS01', '--name', 'copied token', '--read-only', '--json'], {env: desk.ops})
    expect(made.code, made.stderr).to.equal(0)
    token = made.json.token
  })

  const views = (env: Record<string, string>) => ({
    list: nss(['status', '--json'], {env: {...env, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: desk.office.NSS_PASSWORD}}).json,
    each: receiptNos.map(n => nss(['status', n, '--json'], {env: {...env, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: desk.office.NSS_PASSWORD}}).json),
    outbox: nss(['mail', 'outbox', '--json'], {env}).json,
    inbound: nss(['mail', 'inbound', '--json'], {env}).json,
    tokens: nss(['token', 'list', '--json'], {env}).json,
  })

  it('copies every table, verified by counts and checksums, after which every command reads the same on PostgreSQL', async () => {
    const target = createTestDatabase()
    const before = views({NSS_HOME: desk.home, NSS_DB: sqlite})
    const copy = nss(['store', 'copy', '--from', sqlite, '--to', target, '--json'], {env: desk.ops})
    expect(copy.code, copy.stdout + copy.stderr).to.equal(0)
    const tables = Object.fromEntries(copy.json.tables.map((t: any) => [t.table, t.rows]))
    expect(tables).to.include({applications: 5, offices: 2, reviewers: 1, inbound_messages: 1, receipt_counters: 1, idempotency_keys: 1, api_tokens: 1})
    expect(tables.outbox).to.equal(before.outbox.mails.length)
    expect(copy.json.to).to.contain('***').and.not.contain(new URL(target).password)
    // Every migration of the PostgreSQL set, run in the copy's transaction on the empty target.
    expect(copy.json.migrated).to.have.length(POSTGRES_MIGRATIONS.length)
    expect(copy.stdout + copy.stderr).not.to.contain(new URL(target).password)

    // The same screens, mails and inbound record through the PostgreSQL store.
    const pg = {NSS_HOME: desk.home, NSS_DB: target}
    expect(views(pg)).to.deep.equal(before)
    // And it goes on from where SQLite stopped: the next receipt number, the next row ids.
    const next = nss(['apply', '--file', path.join(__dirname, '..', '..', '..', 'examples', 'application.json'), '--json'],
      {env: {...pg, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: desk.office.NSS_PASSWORD}})
    expect(next.code, next.stderr).to.equal(0)
    expect(next.json.receiptNo).to.equal(`${receiptNos[4].slice(0, 2)}${String(Number(receiptNos[4].slice(2, 7)) + 1).padStart(5, '0')}C`)
    // The copied key still answers its retry with the first call's receipt number.
    const retried = nss(['apply', '--file', path.join(__dirname, '..', '..', '..', 'examples', 'application.json'), '--idempotency-key', 'copied-key-0001', '--json'],
      {env: {...pg, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: desk.office.NSS_PASSWORD}})
    expect([retried.code, retried.json.receiptNo]).to.deep.equal([0, receiptNos[4]])
    const ids = openPostgresInspector(target).prepare('SELECT id FROM outbox ORDER BY id').all() as {id: number}[]
    expect(ids.map(r => r.id)).to.deep.equal(ids.map((_, i) => i + 1))
    // The copied token is accepted on PostgreSQL as the office it was made for.
    const ctx = await openContext({config: loadConfig({NSS_HOME: desk.home, NSS_DB: target})})
    try {
      expect(await authenticateApiToken(ctx, token)).to.include({kind: 'office', code: 'NACCS01', readOnly: true})
    } finally {
      await ctx.store.close()
    }
  })

  it('copies into a database that nss init has made (no migration left to run), and human output names each table', () => {
    const target = createTestDatabase()
    expect(nss(['init'], {env: {NSS_HOME: desk.home, NSS_DB: target}}).code).to.equal(0)
    const copy = nss(['store', 'copy', '--from', sqlite, '--to', target], {env: desk.ops})
    expect(copy.code, copy.stderr).to.equal(0)
    expect(copy.stdout).to.match(/applications\s+5 行\s+sha256 [0-9a-f]{16}… {2}一致/)
    expect(copy.stdout).to.contain('すべてのテーブルを検証しました')
    expect(copy.stdout).not.to.contain('マイグレーション')
  })

  it('refuses a target that already holds a desk, naming each table with rows, and changes nothing', () => {
    const target = createTestDatabase()
    expect(nss(['store', 'copy', '--from', sqlite, '--to', target], {env: desk.ops}).code).to.equal(0)
    const inspector = openPostgresInspector(target)
    const countBefore = inspector.prepare('SELECT count(*) AS n FROM applications').get()
    const again = nss(['store', 'copy', '--from', sqlite, '--to', target, '--json'], {env: desk.ops})
    expect(again.code).to.equal(2)
    const messages = again.json.error.issues.map((i: any) => `${i.path} ${i.message}`)
    expect(messages).to.include('--to コピー先が空ではありません。applications に 5 行あります。')
    expect(messages).to.include('--to コピー先が空ではありません。idempotency_keys に 1 行あります。')
    expect(messages).to.include('--to コピー先が空ではありません。offices に 2 行あります。')
    expect(inspector.prepare('SELECT count(*) AS n FROM applications').get()).to.deep.equal(countBefore)
  })

  it('names every problem of a bad --from and a bad --to at once (exit 2), never echoing a password', () => {
    const missing = path.join(tempHome(), 'none.sqlite')
    const result = nss(['store', 'copy', '--from', missing, '--to', 'mysql://root:hunter2@db/x', '--json'], {env: desk.ops})
    expect(result.code).to.equal(2)
    expect(result.json.error.issues).to.deep.equal([
      {path: '--from', message: `${missing} にストアファイルがありません。`},
      {path: '--to', message: 'PostgreSQL のURL(postgres://user:password@host[:port]/database)を指定してください。'},
    ])
    expect(result.stdout + result.stderr).not.to.contain('hunter2')
    expect(fs.existsSync(missing)).to.equal(false)

    const notAStore = path.join(tempHome(), 'notes.sqlite')
    fs.writeFileSync(notAStore, 'not a database')
    const wrongFile = nss(['store', 'copy', '--from', notAStore, '--to', createTestDatabase(), '--json'], {env: desk.ops})
    expect(wrongFile.code).to.equal(2)
    expect(wrongFile.json.error.issues[0]).to.include({path: '--from'})
  })

  it('exits 6 when the target server cannot be reached, naming it without its password', () => {
    const url = new URL(createTestDatabase())
    url.port = '1'
    const result = nss(['store', 'copy', '--from', sqlite, '--to', url.toString()], {env: desk.ops})
    expect(result.code).to.equal(6)
    expect(result.stderr).to.contain('応答がありません').and.contain(':***@127.0.0.1:1/')
    expect(result.stdout + result.stderr).not.to.contain(url.password)
  })
})

import {expect} from 'chai'
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {InfrastructureError} from '../../../src/domain/errors'
import {claimInboundMessage, claimNextOutboxMail} from '../../../src/store/claims'
import {InboundMessageEntity, OutboxMailEntity, ReceiptCounterEntity} from '../../../src/store/entities'
import {allocateReceiptNo} from '../../../src/store/repositories'
import {openStore, Store} from '../../../src/store/store'
import {createTestDatabase, describeOn} from '../../support/store'

function tempDb(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-store-')), 'nss.sqlite')
}

describeOn('sqlite', 'store (SPEC §13)', () => {
  let store: Store
  let dbPath: string

  beforeEach(async () => {
    dbPath = tempDb()
    store = await openStore({kind: 'sqlite', path: dbPath}, {migrate: true})
  })
  afterEach(async () => store.close())

  it('runs in WAL mode with a busy timeout', async () => {
    const [mode] = await store.read(m => m.query('PRAGMA journal_mode'))
    const [timeout] = await store.read(m => m.query('PRAGMA busy_timeout'))
    expect(mode.journal_mode).to.equal('wal')
    expect(Object.values(timeout)[0]).to.be.at.least(1000)
  })

  it('makes every commit durable: PRAGMA synchronous reads 2 (FULL) on the write connection of nss init, of the CLI and of the daemon (issue 11)', async () => {
    // `beforeEach` opened the store as `nss init` does (migrate); the CLI's commands and the daemon open
    // it through openContext (src/app/context.ts), without migrating: both write through TypeORM's connection.
    const [initSetting] = await store.write(m => m.query('PRAGMA synchronous'))
    await store.close()
    const home = path.dirname(dbPath)
    const {openContext} = await import('../../../src/app/context')
    const {loadConfig} = await import('../../../src/app/config')
    const ctx = await openContext({config: loadConfig({NSS_HOME: home})})
    try {
      const [setting] = await ctx.store.write(m => m.query('PRAGMA synchronous'))
      const [mode] = await ctx.store.write(m => m.query('PRAGMA journal_mode'))
      expect([Object.values(initSetting)[0], Object.values(setting)[0], mode.journal_mode]).to.deep.equal([2, 2, 'wal'])
    } finally {
      await ctx.store.close()
    }
    store = await openStore({kind: 'sqlite', path: dbPath})
  })

  it('has migrations that build exactly the schema the entities describe', async () => {
    const pending = await (await store.dataSource()).driver.createSchemaBuilder().log()
    expect(pending.upQueries.map(q => q.query)).to.deep.equal([])
  })

  it('refuses a store that does not exist, naming nss init', async () => {
    const missing = path.join(path.dirname(dbPath), 'none.sqlite')
    const error = await openStore({kind: 'sqlite', path: missing}).catch(e => e)
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.message).to.contain('nss init')
    expect(fs.existsSync(missing)).to.equal(false)
  })

  it('rolls back everything a failing write did', async () => {
    const error = await store.write(async m => {
      await allocateReceiptNo(m, new Date('2026-11-26T00:00:00Z'))
      throw new Error('boom')
    }).catch(e => e)
    expect(error.message).to.equal('boom')
    expect(await store.read(m => m.count(ReceiptCounterEntity))).to.equal(0)
  })

  it('keeps nothing a read-only transaction wrote (Store.readOnly, the dry runs\' transaction, is always rolled back)', async () => {
    const [sequence, counted] = await store.readOnly(async m => [await allocateReceiptNo(m, new Date('2026-11-26T00:00:00Z')), await m.count(ReceiptCounterEntity)])
    expect(sequence).to.be.a('string')
    expect(counted, 'seen inside the transaction').to.equal(1)
    expect(await store.read(m => m.count(ReceiptCounterEntity))).to.equal(0)
  })

  it('serialises concurrent write transactions inside one process', async () => {
    const at = new Date('2026-11-26T00:00:00Z')
    const numbers = await Promise.all(Array.from({length: 20}, () => store.write(m => allocateReceiptNo(m, at))))
    expect(new Set(numbers).size).to.equal(20)
    expect(numbers.map(n => Number(n.slice(2, 7))).sort((a, b) => a - b)).to.deep.equal(Array.from({length: 20}, (_, i) => i + 1))
  })

  it('retries SQLITE_BUSY when another process holds the write lock longer than the busy timeout', async function () {
    this.timeout(30000)
    // A second process takes the write lock and holds it for 6 s, longer than the 5 s busy timeout.
    const holder = spawn(process.execPath, ['-e', `
      const Database = require('better-sqlite3')
      const db = new Database(${JSON.stringify(dbPath)})
      db.exec('BEGIN IMMEDIATE')
      process.stdout.write('locked\\n')
      setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0) }, 6000)
    `], {cwd: path.resolve(__dirname, '..', '..', '..', '..')})
    await new Promise<void>(resolve => holder.stdout.once('data', () => resolve()))
    const started = Date.now()
    const receiptNo = await store.write(m => allocateReceiptNo(m, new Date('2026-11-26T00:00:00Z')))
    expect(receiptNo).to.equal('2600001C')
    expect(Date.now() - started).to.be.at.least(5000)
    await new Promise(resolve => holder.once('exit', resolve))
  })

  it('reports a read-only store as an infrastructure problem (exit 6), not a crash', async () => {
    // query_only makes SQLite refuse every write with SQLITE_READONLY, as a read-only file would
    // (file modes cannot show it here: tests run as root, which ignores them).
    await store.read(m => m.query('PRAGMA query_only = ON'))
    const error = await store.write(m => allocateReceiptNo(m, new Date('2026-11-26T00:00:00Z'))).catch(e => e)
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.exitCode).to.equal(6)
    expect(error.message).to.contain('read-only')
  })
})

describeOn('postgres', 'store on PostgreSQL (SPEC §13)', () => {
  let store: Store
  let url: string

  beforeEach(async () => {
    url = createTestDatabase()
    store = await openStore({kind: 'postgres', url}, {migrate: true})
  })
  afterEach(async () => store.close())

  it('has migrations that build exactly the schema the entities describe', async () => {
    const pending = await (await store.dataSource()).driver.createSchemaBuilder().log()
    expect(pending.upQueries.map(q => q.query)).to.deep.equal([])
  })

  it('refuses a database that has not been migrated, naming nss init', async () => {
    const empty = await openStore({kind: 'postgres', url: createTestDatabase()})
    try {
      for (const open of [() => empty.read(m => m.query('SELECT 1')), () => empty.snapshot(r => r.findAccount('office', 'X'))]) {
        const error = await open().catch(e => e)
        expect(error).to.be.instanceOf(InfrastructureError)
        expect(error.message).to.contain('nss init')
      }
    } finally {
      await empty.close()
    }
  })

  it('rolls back everything a failing write did', async () => {
    const error = await store.write(async m => {
      await allocateReceiptNo(m, new Date('2026-11-26T00:00:00Z'))
      throw new Error('boom')
    }).catch(e => e)
    expect(error.message).to.equal('boom')
    expect(await store.read(m => m.count(ReceiptCounterEntity))).to.equal(0)
  })

  it('refuses any write in a read-only transaction (Store.readOnly: READ ONLY, the dry runs\' transaction)', async () => {
    const error = await store.readOnly(m => allocateReceiptNo(m, new Date('2026-11-26T00:00:00Z'))).catch(e => e)
    expect(error).to.be.instanceOf(InfrastructureError)
    expect(error.message).to.contain('(25006)')
    expect(await store.read(m => m.count(ReceiptCounterEntity))).to.equal(0)
  })

  it('gives concurrent transactions of several processes\' pools each their own receipt number (the counter row is locked)', async () => {
    const at = new Date('2026-11-26T00:00:00Z')
    const others = await Promise.all([1, 2, 3].map(() => openStore({kind: 'postgres', url})))
    try {
      const numbers = await Promise.all([store, ...others].flatMap(s => Array.from({length: 15}, () => s.write(m => allocateReceiptNo(m, at)))))
      expect(new Set(numbers).size).to.equal(60)
      expect(numbers.map(n => Number(n.slice(2, 7))).sort((a, b) => a - b)).to.deep.equal(Array.from({length: 60}, (_, i) => i + 1))
    } finally {
      await Promise.all(others.map(s => s.close()))
    }
  })

  it('retries a transaction that lost a deadlock (40P01) instead of failing it', async () => {
    const at = new Date('2026-11-26T00:00:00Z')
    await store.write(async m => {
      await allocateReceiptNo(m, at)
      await allocateReceiptNo(m, new Date('2027-11-26T00:00:00Z'))
    })
    // Two transactions lock the two counter rows in opposite orders: PostgreSQL aborts one (40P01),
    // which the store runs again; both end committed.
    let attempts = 0
    const inOrder = (first: Date, second: Date) => store.write(async m => {
      attempts++
      await allocateReceiptNo(m, first)
      await new Promise(resolve => setTimeout(resolve, 300))
      return allocateReceiptNo(m, second)
    })
    const results = await Promise.all([inOrder(at, new Date('2027-11-26T00:00:00Z')), inOrder(new Date('2027-11-26T00:00:00Z'), at)])
    expect(results).to.have.length(2)
    const counters = await store.read(m => m.find(ReceiptCounterEntity, {order: {year: 'ASC'}}))
    expect(counters.map(c => c.lastSequence)).to.deep.equal([3, 3])
    expect(attempts, 'one of the two ran again after the deadlock').to.be.at.least(3)
  })

  it('claims outbox rows FOR UPDATE SKIP LOCKED: a row being claimed is passed over, not waited for, and never claimed twice', async () => {
    const now = '2026-11-26T00:00:00.000Z'
    await store.write(async m => {
      for (const n of [1, 2]) {
        await m.save(Object.assign(new OutboxMailEntity(), {
          receiptNo: null, kind: 'receipt', locale: 'ja', recipients: ['a@example.jp'], data: {}, messageId: `<${n}@test>`,
          status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, createdAt: now, sentAt: null,
        }))
      }
    })
    const criteria = {now, afterId: 0}
    const finished: string[] = []
    const slow = store.write(async m => {
      const claimed = await claimNextOutboxMail(m, criteria, '2026-11-26T00:10:00.000Z')
      await new Promise(resolve => setTimeout(resolve, 800))
      finished.push('slow')
      return claimed
    })
    await new Promise(resolve => setTimeout(resolve, 200))
    const fast = await store.write(m => claimNextOutboxMail(m, criteria, '2026-11-26T00:10:00.000Z'))
    finished.push('fast')
    const first = await slow
    expect([first?.row.id, fast?.row.id]).to.deep.equal([1, 2])
    expect(finished, 'the second claim did not wait for the first').to.deep.equal(['fast', 'slow'])
    expect(await store.write(m => claimNextOutboxMail(m, criteria, '2026-11-26T00:10:00.000Z')), 'both claimed: nothing due').to.equal(null)
    const rows = await store.read(m => m.find(OutboxMailEntity, {order: {id: 'ASC'}}))
    expect(rows.map(r => [r.status, r.attempts])).to.deep.equal([['sending', 1], ['sending', 1]])
  })

  it('lets one transaction at a time claim an inbound message: another gets null (it stands aside) until that one ends', async () => {
    const row = await store.write(m => m.save(Object.assign(new InboundMessageEntity(), {
      dedupeKey: 'mid:<x@test>', messageId: '<x@test>', sha256: '', source: 'maildir', sourceRef: 'x', size: 1, raw: 'eA==',
      fromAddress: null, subject: null, receivedAt: '2026-11-26T00:00:00.000Z', state: 'stored', kind: null, outcome: null,
      receiptNo: null, detail: null, processedAt: null, attempts: 0,
    })))
    let second: unknown = 'not run'
    await store.write(async m => {
      expect((await claimInboundMessage(m, row.id))?.id).to.equal(row.id)
      second = await store.write(other => claimInboundMessage(other, row.id))
    })
    expect(second, 'claimed by the first transaction meanwhile').to.equal(null)
    expect((await store.write(m => claimInboundMessage(m, row.id)))?.id, 'free again once it ended').to.equal(row.id)
  })

  const refusals: Array<[string, (good: URL) => string, RegExp]> = [
    ['nothing listens at the address', good => { good.port = '1'; return good.toString() }, /nothing answers.*ECONNREFUSED/],
    ['the password is wrong', good => { good.password = 'not-the-password'; return good.toString() }, /password was refused.*28P01/],
    ['the database does not exist', good => { good.pathname = '/no_such_database'; return good.toString() }, /does not exist.*3D000/],
  ]
  for (const [what, bad, message] of refusals) {
    it(`reports a store that cannot be used because ${what} as exit 6, without the password`, async () => {
      const badUrl = bad(new URL(url))
      const password = new URL(badUrl).password
      const unusable = new Store({kind: 'postgres', url: badUrl})
      try {
        for (const use of [() => unusable.read(m => m.query('SELECT 1')), () => unusable.snapshot(r => r.findAccount('office', 'X'))]) {
          const error = await use().catch(e => e)
          expect(error, what).to.be.instanceOf(InfrastructureError)
          expect(error.exitCode).to.equal(6)
          expect(error.message).to.match(message)
          expect(error.message).to.contain('***')
          expect(error.message).not.to.contain(password)
        }
      } finally {
        await unusable.close()
      }
    })
  }
})

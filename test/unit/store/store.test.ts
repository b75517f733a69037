import {expect} from 'chai'
import {spawn} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {InfrastructureError} from '../../../src/domain/errors'
import {ReceiptCounterEntity} from '../../../src/store/entities'
import {allocateReceiptNo} from '../../../src/store/repositories'
import {openStore, Store} from '../../../src/store/store'

function tempDb(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-store-')), 'nss.sqlite')
}

describe('store (SPEC §13)', () => {
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

import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {applyForSettings} from '../../../src/app/apply.use-case'
import {createApiToken, hashApiToken} from '../../../src/app/api-token'
import {DeskContext, openContext} from '../../../src/app/context'
import {addReviewer, importOffices} from '../../../src/app/master-data.use-case'
import {queryApplication} from '../../../src/app/review.use-case'
import {ensureSecretKey} from '../../../src/app/secret-key'
import {MAX_KEPT_READS, type ReadModels} from '../../../src/store/read-models'
import {openStore} from '../../../src/store/store'
import {SEED_OFFICE, seedApplicationInput} from '../../fixtures/seed-office'
import {TEST_STORE, testConfig} from '../../support/store'

/**
 * Reads kept between snapshots (Store.keepReadsBetweenSnapshots, the desk server's: src/store/read-models.ts,
 * SqliteReadModels.inSnapshot). A snapshot of a store nobody changed is answered with what the snapshot
 * before it read; any commit — of the store's own TypeORM connection, of another process, of the read
 * models' own connection (a token's last use, a login's count) — makes the next snapshot read anew.
 * The SQLite tests run on a SQLite file in every run; the last one on the run's store.
 */

const office = {kind: 'office', code: 'NACCS01'} as const
const reviewer = {kind: 'reviewer', id: 'r.sato'} as const

/** Everything the status of an application and a token check read, in one snapshot. */
async function screenOf(reads: ReadModels, receiptNo: string, tokenHash: string) {
  return {
    application: await reads.findApplication(receiptNo),
    office: await reads.findOffice('NACCS01'),
    log: await reads.listLog(receiptNo),
    mails: await reads.listMails(receiptNo),
    attachments: await reads.listAttachments(receiptNo),
    token: await reads.findApiToken(tokenHash),
    account: await reads.findAccount('office', 'NACCS01'),
    list: await reads.listApplications({officeCode: 'NACCS01'}, 100),
    queue: await reads.listReviewQueue({statuses: ['received', 'query']}, null),
    news: await reads.latestNews('NACCS01', 10),
  }
}

/** A desk in `home` with one application of NACCS01 and a token of that office; `env`: its store (else the run's). */
async function deskWithOneApplication(home: string, env: Record<string, string> = {}) {
  ensureSecretKey(home)
  // The seed's dates, as the read models' own test: the example's desired date lies ahead of this clock.
  const now = new Date('2026-09-01T01:00:00Z')
  const ctx = await openContext({config: testConfig({NSS_HOME: home, ...env}), clock: {now: () => now}, migrate: true})
  await importOffices(ctx, [SEED_OFFICE])
  await addReviewer(ctx, 'r.sato', '佐藤 花子', 'reviewer-pass-1')
  const {receiptNo} = await applyForSettings(ctx, office, seedApplicationInput())
  const token = await createApiToken(ctx, {office: 'NACCS01', name: 'script'})
  return {ctx, receiptNo, token, tokenHash: hashApiToken(token.token)}
}

describe('reads kept between snapshots while the store is unchanged (SQLite)', () => {
  let ctx: DeskContext
  let file: string
  let receiptNo: string
  let token: {id: string}
  let tokenHash: string
  const screen = () => ctx.store.snapshot(reads => screenOf(reads, receiptNo, tokenHash))
  const sameAs = (later: Record<string, unknown>, earlier: Record<string, unknown>) => Object.keys(earlier).filter(key => later[key] === earlier[key])

  before(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-kept-reads-'))
    file = path.join(home, 'nss.sqlite')
    const desk = await deskWithOneApplication(home, {NSS_DB: file})
    ;({ctx, receiptNo, token, tokenHash} = desk)
    expect(ctx.store.location.kind).to.equal('sqlite')
    ctx.store.keepReadsBetweenSnapshots()
  })
  after(async () => ctx?.store.close())

  it('answers a snapshot of an unchanged store with what the snapshot before read, the very objects, frozen', async () => {
    const first = await screen()
    const second = await screen()
    expect(sameAs(second, first)).to.deep.equal(Object.keys(first))
    expect(first.application?.status).to.equal('received')
    expect(first.token?.id).to.equal(token.id)
    // Frozen all the way down: a reader that changed what it was given would change it for the next.
    expect(() => {
      (first.application as {status: string}).status = 'completed'
    }).to.throw(TypeError)
    expect(() => first.office!.userCodes.push(first.office!.userCodes[0])).to.throw(TypeError)
    expect(() => {
      (first.application!.entries[0] as {userCode: string}).userCode = 'XXXXX'
    }).to.throw(TypeError)
    expect((await screen()).application?.status).to.equal('received')
  })

  it('reads anew after a write of the store\'s own TypeORM connection (a query of the application)', async () => {
    const before = await screen()
    await queryApplication(ctx, reviewer, receiptNo, 'ご確認ください。')
    const after = await screen()
    expect(after.application?.status).to.equal('query')
    expect(after.log.length).to.be.greaterThan(before.log.length)
    expect(after.news.length).to.be.greaterThan(before.news.length)
    expect(after.queue.applications.map(a => a.status)).to.deep.equal(['query'])
    // Everything was read anew, not only what changed: what was kept was of another state of the store.
    expect(sameAs(after, before)).to.deep.equal([])
  })

  it('reads anew after another process committed to the store file', async () => {
    const before = await screen()
    expect(before.token?.revokedAt).to.equal(null)
    const script = `const db = new (require('better-sqlite3'))(process.argv[1]);
      db.prepare('UPDATE "api_tokens" SET "revokedAt" = ? WHERE "id" = ?').run('2026-09-01T00:00:00.000Z', process.argv[2]); db.close()`
    const run = spawnSync(process.execPath, ['-e', script, file, token.id], {encoding: 'utf8', cwd: path.resolve(__dirname, '..', '..', '..', '..')})
    expect(run.status, run.stderr).to.equal(0)
    expect((await screen()).token?.revokedAt).to.equal('2026-09-01T00:00:00.000Z')
  })

  it('reads anew after a write of the read models\' own connection (a token\'s last use, a failed login)', async () => {
    await screen()
    await ctx.store.logins(counter => counter.recordTokenUse(token.id, '2026-09-02T00:00:00.000Z'))
    expect((await screen()).token?.lastUsedAt).to.equal('2026-09-02T00:00:00.000Z')
    const policy = {now: '2026-09-02T00:00:00.000Z', threshold: 5, lockUntil: '2026-09-02T00:30:00.000Z', actor: 'office:NACCS01'}
    const check = await ctx.store.logins(counter => counter.checkLogin('office', 'NACCS01', policy, async () => false))
    expect(check).to.deep.equal({outcome: 'refused'})
    // NACCS01 has no password in this desk: refused unchecked, nothing written; one with a password is counted.
    await ctx.store.write(m => m.query('UPDATE "offices" SET "passwordHash" = \'x\' WHERE "code" = \'NACCS01\''))
    expect((await screen()).account?.failedLogins).to.equal(0)
    const wrong = await ctx.store.logins(counter => counter.checkLogin('office', 'NACCS01', policy, async () => false))
    expect(wrong).to.deep.equal({outcome: 'wrong', failedLogins: 1, isLocked: false})
    expect((await screen()).account?.failedLogins).to.equal(1)
  })

  it(`keeps at most ${MAX_KEPT_READS} reads: past them the next snapshot starts again`, async () => {
    const first = await screen()
    await ctx.store.snapshot(async reads => {
      for (let i = 0; i < MAX_KEPT_READS; i++) await reads.findApplication(`X${i}`)
    })
    const after = await screen()
    expect(after.application).to.deep.equal(first.application)
    expect(after.application).to.not.equal(first.application)
  })

  it('keeps nothing in a store not asked to (a command\'s): every snapshot reads', async () => {
    const store = await openStore({kind: 'sqlite', path: file})
    try {
      const first = await store.snapshot(reads => screenOf(reads, receiptNo, tokenHash))
      const second = await store.snapshot(reads => screenOf(reads, receiptNo, tokenHash))
      expect(second).to.deep.equal(first)
      expect(sameAs(second, first)).to.deep.equal([])
      expect(Object.isFrozen(first.application)).to.equal(false)
    } finally {
      await store.close()
    }
  })
})

describe(`reads kept between snapshots on the run's store (${TEST_STORE})`, () => {
  it(TEST_STORE === 'postgres'
    ? 'keeps nothing on PostgreSQL (it cannot tell cheaply that nothing changed): every snapshot reads'
    : 'keeps the reads of an unchanged SQLite store', async () => {
    const {ctx, receiptNo, tokenHash} = await deskWithOneApplication(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-kept-reads-')))
    try {
      ctx.store.keepReadsBetweenSnapshots()
      const first = await ctx.store.snapshot(reads => screenOf(reads, receiptNo, tokenHash))
      const second = await ctx.store.snapshot(reads => screenOf(reads, receiptNo, tokenHash))
      expect(second).to.deep.equal(first)
      expect(second.application === first.application).to.equal(TEST_STORE === 'sqlite')
    } finally {
      await ctx.store.close()
    }
  })
})

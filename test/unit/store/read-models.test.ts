import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {In, Not, type EntityManager} from 'typeorm'
import {STAFF_MAIL_KINDS} from '../../../src/domain/vocabulary'
import {applyForSettings} from '../../../src/app/apply.use-case'
import {amendApplication} from '../../../src/app/amend.use-case'
import {authenticateApiToken, createApiToken, generateApiToken, hashApiToken, revokeApiToken} from '../../../src/app/api-token'
import {DeskContext, openContext} from '../../../src/app/context'
import {purgeExpiredPasswords} from '../../../src/app/issued-passwords'
import {addReviewer, importOffices, setOfficePassword} from '../../../src/app/master-data.use-case'
import {completeApplication, queryApplication} from '../../../src/app/review.use-case'
import {ensureSecretKey} from '../../../src/app/secret-key'
import {withdrawApplication} from '../../../src/app/withdraw.use-case'
import {InfrastructureError} from '../../../src/domain/errors'
import {
  ApiTokenEntity, ApplicationEntity, ApplicationLogEntity, IssuedPasswordEntity, NewsEntity, OfficeEntity, OutboxMailEntity, ReviewerEntity,
} from '../../../src/store/entities'
import {ApplicationListFilter, ReadModels, SqliteReadModels} from '../../../src/store/read-models'
import {loadOfficeRecord, toApplication} from '../../../src/store/repositories'
import {openStore} from '../../../src/store/store'
import {OTHER_OFFICE, SEED_OFFICE, seedApplicationInput} from '../../fixtures/seed-office'
import {testConfig} from '../../support/store'

/**
 * The read models (src/store/read-models.ts) read in plain SQL what the rest of the desk reads through
 * TypeORM. Each method is compared with the TypeORM read it replaces, on the same store: one that went
 * through every transition of SPEC §4 with the seed's offices.
 */

const office = {kind: 'office', code: 'NACCS01'} as const
const other = {kind: 'office', code: 'OTHER01'} as const
const reviewer = {kind: 'reviewer', id: 'r.sato'} as const

/** The TypeORM reads `nss status` made before the read models, kept here as the reference. */
const typeorm = {
  account: async (m: EntityManager, kind: 'office' | 'reviewer', id: string) => {
    const row = kind === 'office' ? await m.findOneBy(OfficeEntity, {code: id}) : await m.findOneBy(ReviewerEntity, {id})
    return row ? {passwordHash: row.passwordHash, failedLogins: row.failedLogins, lockedUntil: row.lockedUntil} : null
  },
  application: async (m: EntityManager, receiptNo: string) => {
    const row = await m.findOneBy(ApplicationEntity, {receiptNo})
    return row ? toApplication(row) : null
  },
  log: async (m: EntityManager, receiptNo: string) => (await m.find(ApplicationLogEntity, {where: {receiptNo}, order: {id: 'ASC'}}))
    .map(l => ({item: l.item, at: l.at, notice: l.notice, actor: l.actor})),
  // The staff's notices are the center's (issue 14): never among an application's mails.
  mails: async (m: EntityManager, receiptNo: string) => (await m.find(OutboxMailEntity, {where: {receiptNo, kind: Not(In([...STAFF_MAIL_KINDS]))}, order: {id: 'ASC'}}))
    .map(o => ({kind: o.kind, recipients: o.recipients, status: o.status, lastError: o.lastError, dataPurgedAt: o.dataPurgedAt})),
  issued: async (m: EntityManager, receiptNo: string) => {
    const row = await m.findOne(IssuedPasswordEntity, {where: {receiptNo}})
    return row ? {isSealed: row.sealed !== null, visibleUntil: row.visibleUntil} : null
  },
  news: async (m: EntityManager, officeCode: string, take: number) => (await m.find(NewsEntity, {where: {officeCode}, order: {id: 'DESC'}, take}))
    .map(n => ({receiptNo: n.receiptNo, at: n.at, message: n.message})),
  apiToken: async (m: EntityManager, tokenHash: string) => {
    const row = await m.findOneBy(ApiTokenEntity, {tokenHash})
    return row ? {
      id: row.id, officeCode: row.officeCode, reviewerId: row.reviewerId, readOnly: row.readOnly,
      expiresAt: row.expiresAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt,
    } : null
  },
  list: async (m: EntityManager, filter: ApplicationListFilter, limit: number | null) => {
    const query = m.createQueryBuilder(ApplicationEntity, 'a').orderBy('a.submittedAt', 'DESC').addOrderBy('a.receiptNo', 'DESC')
    if ('officeCode' in filter) {
      query.where('a.officeCode = :office', {office: filter.officeCode})
      if (filter.status) query.andWhere('a.status = :status', {status: filter.status})
    } else {
      query.where('a.status = :status', {status: filter.status})
    }
    if (filter.sinceIso) query.andWhere('a.submittedAt >= :since', {since: filter.sinceIso})
    const rows = (await query.getMany()).map(r => ({receiptNo: r.receiptNo, officeCode: r.officeCode, status: r.status, submittedAt: r.submittedAt}))
    return {applications: limit === null ? rows : rows.slice(0, limit), total: rows.length}
  },
}

describe('read models (src/store/read-models.ts) against TypeORM', () => {
  let ctx: DeskContext
  let now: Date
  const receipts: string[] = []
  const at = (iso: string) => { now = new Date(iso) }

  before(async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-read-models-'))
    ensureSecretKey(home)
    now = new Date('2026-09-01T01:00:00Z')
    ctx = await openContext({config: testConfig({NSS_HOME: home}), clock: {now: () => now}, migrate: true})
    await importOffices(ctx, [SEED_OFFICE, OTHER_OFFICE])
    await setOfficePassword(ctx, 'NACCS01', 'office-pass-1')
    await addReviewer(ctx, 'r.sato', '佐藤 花子', 'reviewer-pass-1')
    const apply = async (actor: typeof office | typeof other, input: unknown) => {
      const {receiptNo} = await applyForSettings(ctx, actor, input)
      receipts.push(receiptNo)
      return receiptNo
    }
    const withdrawn = await apply(office, seedApplicationInput())
    at('2026-09-01T02:00:00Z')
    await withdrawApplication(ctx, office, withdrawn)
    const queried = await apply(office, seedApplicationInput())
    at('2026-09-01T03:00:00Z')
    await queryApplication(ctx, reviewer, queried, 'こちらのパスワード初期化は承る事が出来ません。')
    at('2026-09-01T04:00:00Z')
    const {receiptNo: amended} = await amendApplication(ctx, office, queried, {remarks: '修正しました'})
    receipts.push(amended)
    at('2026-09-01T05:00:00Z')
    await completeApplication(ctx, reviewer, amended, '')
    const purged = await apply(office, seedApplicationInput())
    await completeApplication(ctx, reviewer, purged, '完了しました')
    await ctx.store.write(m => purgeExpiredPasswords(m, new Date('2027-01-01T00:00:00Z'), purged))
    const otherOffice = {...seedApplicationInput(), entries: [{userCode: '2ANAC', passwordReset: {ids: ['A0A'], reason: 'transfer'}}]}
    await apply(other, otherOffice)
    at('2026-09-02T01:00:00Z')
    const waiting = await apply(office, {...seedApplicationInput(), timing: 'earliest', desiredDate: undefined})
    // A mail that failed and one being sent: the states `status` shows (src/app/status.use-case.ts).
    await ctx.store.write(async m => {
      const [newest, previous] = await m.find(OutboxMailEntity, {order: {id: 'DESC'}, take: 2})
      expect(newest.receiptNo).to.equal(waiting)
      await m.update(OutboxMailEntity, {id: newest.id}, {status: 'failed', attempts: 3, lastError: '550 5.1.1 user unknown'})
      await m.update(OutboxMailEntity, {id: previous.id}, {status: 'sending'})
      await m.update(OfficeEntity, {code: 'NACCS01'}, {failedLogins: 2, lockedUntil: '2026-09-02T02:00:00.000Z'})
    })
  })
  after(async () => ctx.store.close())

  const both = <T>(typeormRead: (m: EntityManager) => Promise<T>, read: (reads: ReadModels) => Promise<T>) =>
    Promise.all([ctx.store.read(typeormRead), ctx.store.snapshot(read)])

  it('reads accounts as TypeORM does, and null for an unknown one', async () => {
    for (const [kind, id] of [['office', 'NACCS01'], ['office', 'OTHER01'], ['reviewer', 'r.sato'], ['office', 'NOSUCH'], ['reviewer', 'nobody']] as const) {
      const [expected, actual] = await both(m => typeorm.account(m, kind, id), r => r.findAccount(kind, id))
      expect(actual, `${kind} ${id}`).to.deep.equal(expected)
    }
    expect((await ctx.store.snapshot(r => r.findAccount('office', 'NACCS01')))?.failedLogins).to.equal(2)
  })

  it('reads every application as TypeORM does (JSON columns, dates, links), and null for an unknown one', async () => {
    expect(receipts).to.have.length(6)
    for (const receiptNo of [...receipts, '2699999C']) {
      const [expected, actual] = await both(m => typeorm.application(m, receiptNo), r => r.findApplication(receiptNo))
      expect(actual, receiptNo).to.deep.equal(expected)
    }
    const statuses = await ctx.store.snapshot(async r => Promise.all(receipts.map(async n => (await r.findApplication(n))!.status)))
    expect(statuses).to.have.members(['withdrawn', 'superseded', 'completed', 'completed', 'received', 'received'])
  })

  it('reads offices with their user codes and user IDs as loadOfficeRecord does', async () => {
    for (const code of ['NACCS01', 'OTHER01', 'NOSUCH']) {
      const [expected, actual] = await both(m => loadOfficeRecord(m, code), r => r.findOffice(code))
      expect(actual, code).to.deep.equal(expected)
    }
  })

  it('reads 進行状況, mails and issued passwords of each application as TypeORM does', async () => {
    for (const receiptNo of receipts) {
      const [log, logRead] = await both(m => typeorm.log(m, receiptNo), r => r.listLog(receiptNo))
      expect(logRead, `log ${receiptNo}`).to.deep.equal(log)
      const [mails, mailsRead] = await both(m => typeorm.mails(m, receiptNo), r => r.listMails(receiptNo))
      expect(mailsRead, `mails ${receiptNo}`).to.deep.equal(mails)
      const [issued, issuedRead] = await both(m => typeorm.issued(m, receiptNo), r => r.findIssuedPasswords(receiptNo))
      expect(issuedRead, `issued ${receiptNo}`).to.deep.equal(issued)
    }
    const states = await ctx.store.snapshot(async r => (await Promise.all(receipts.map(n => r.listMails(n)))).flat().map(m => m.status))
    expect(states).to.include.members(['failed', 'sending', 'pending'])
    const sealed = await ctx.store.snapshot(async r => Promise.all(receipts.map(async n => (await r.findIssuedPasswords(n))?.isSealed)))
    expect(sealed).to.include.members([true, false, undefined])
  })

  it('reads the latest news of an office as TypeORM does', async () => {
    for (const [code, take] of [['NACCS01', 10], ['NACCS01', 1], ['OTHER01', 10]] as const) {
      const [expected, actual] = await both(m => typeorm.news(m, code, take), r => r.latestNews(code, take))
      expect(actual, `${code} ${take}`).to.deep.equal(expected)
    }
  })

  it('lists applications in the order and with the filters of the TypeORM query, with the total', async () => {
    const since = '2026-09-01T04:30:00.000Z'
    const filters: ApplicationListFilter[] = [
      {officeCode: 'NACCS01'}, {officeCode: 'NACCS01', status: 'completed'}, {officeCode: 'NACCS01', sinceIso: since},
      {officeCode: 'OTHER01'}, {officeCode: 'NOSUCH'}, {status: 'received'}, {status: 'completed', sinceIso: since},
    ]
    for (const filter of filters) {
      for (const limit of [null, 100, 2, 1]) {
        const [expected, actual] = await both(m => typeorm.list(m, filter, limit), r => r.listApplications(filter, limit))
        expect(actual, `${JSON.stringify(filter)} limit ${limit}`).to.deep.equal(expected)
      }
    }
  })

  it('reads API tokens as TypeORM does (office and reviewer, read-only, used, revoked), and null for an unknown hash', async () => {
    const made = [
      await createApiToken(ctx, {office: 'NACCS01', name: 'office script'}),
      await createApiToken(ctx, {reviewer: 'r.sato', name: 'review bot', readOnly: true}),
      await createApiToken(ctx, {office: 'OTHER01', name: 'revoked'}),
    ]
    await authenticateApiToken(ctx, made[0].token)
    await revokeApiToken(ctx, made[2].id)
    const hashes = [...made.map(t => hashApiToken(t.token)), hashApiToken(generateApiToken())]
    for (const tokenHash of hashes) {
      const [expected, actual] = await both(m => typeorm.apiToken(m, tokenHash), r => r.findApiToken(tokenHash))
      expect(actual, tokenHash).to.deep.equal(expected)
    }
    const read = await ctx.store.snapshot(r => Promise.all(hashes.map(h => r.findApiToken(h))))
    expect(read.map(t => t && [t.officeCode ?? t.reviewerId, t.readOnly, t.lastUsedAt !== null, t.revokedAt !== null])).to.deep.equal([
      ['NACCS01', 0, true, false], ['r.sato', 1, false, false], ['OTHER01', 0, false, true], null,
    ])
  })

  it('refuses a store with a migration this build has and the store has not run', async () => {
    const file = path.join(ctx.config.home, 'behind.sqlite')
    await (await openStore({kind: 'sqlite', path: file}, {migrate: true})).close()
    await SqliteReadModels.open(file).close()
    const Driver = require('better-sqlite3') as typeof import('better-sqlite3')
    const db = new Driver(file)
    db.prepare('DELETE FROM "migrations" WHERE "id" = (SELECT MAX("id") FROM "migrations")').run()
    db.close()
    expect(() => SqliteReadModels.open(file)).to.throw(InfrastructureError, 'nss init')
  })
})

/**
 * Fills a store that `nss init` created with a realistic population, fast: better-sqlite3 directly,
 * prepared statements, one transaction. Every application has the rows its history would have left
 * (SPEC §4): 進行状況 lines, 新着情報, outbox mails with their template data, issued passwords
 * (purged) and scheduled registration changes (applied); amendments supersede an earlier application
 * of the same office. One large office holds a share of everything, as a big forwarder would.
 *
 * For speed the store's indexes are dropped during the load and rebuilt from their own CREATE
 * statements (sqlite_master) in the same transaction, and the load runs with a rollback journal, which
 * for an empty store stays small; the store is put back in WAL mode at the end, as `nss init` left it.
 */
import type {Database as SqliteDatabase} from 'better-sqlite3'
import {mailDataOf} from '../src/app/effects'
import type {Application, ApplicationEntry} from '../src/domain/application'
import {addCalendarDays, tokyoDateOf} from '../src/domain/japan-time'
import type {OfficeRecord} from '../src/domain/master-data'
import {formatReceiptNo} from '../src/domain/receipt-number'
import {AMENDMENT_NOTICES, MailKind} from '../src/domain/vocabulary'

export interface Population {
  applications: number
  offices: number
  /** The share of all applications that belong to the one large office. */
  largeOfficeShare: number
  /** When the newest application was submitted. */
  until: Date
}

export interface GeneratedStore {
  largeOffice: string
  /** An office with a typical number of applications. */
  typicalOffice: string
  /** Every 997th application, with its office: receipts to look up. */
  sample: {receiptNo: string; officeCode: string}[]
  rows: Record<string, number>
  seconds: number
}

/** How many receipt numbers a year uses at most here (SPEC §5 allows 99,999). */
const PER_YEAR_MAX = 90_000
const DAY_MS = 86_400_000
/** The newest share of applications is still open (received or query); the rest have ended. */
const OPEN_SHARE = 0.001

/** mulberry32: a small seeded generator, so every run builds the same store. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function makeOffice(code: string, index: number, userCodeCount: number): OfficeRecord {
  const userCodes = Array.from({length: userCodeCount}, (_, k) => ({
    code: `${(index * 4 + k).toString(36).toUpperCase().padStart(4, '0')}N`,
    companyNameEn: `TRADE COMPANY ${index}`,
    officeNameEn: 'TOKYO OFFICE',
    addressEn: 'TOKYO TO MINATO KU KOUNAN 10-100-1 NACCS BLD. 20F',
    managerNameEn: 'J.YAMADA',
    systemClass: 'shared' as const,
    industry: '通関輸出入',
    userIds: [{ident: 'A0A', method: 'net' as const}, {ident: 'A01', method: 'interactive' as const}, {ident: 'A02', method: 'interactive_pop3' as const}],
  }))
  return {
    code, name: `トレード株式会社 第${index}事業所`, adminName: '山田 次郎', adminEmail: `admin${index}@example.jp`, locale: 'ja', userCodes,
  }
}

/** The statements of the load, with the columns the migrations created. */
function prepareInserts(db: SqliteDatabase) {
  return {
    office: db.prepare('INSERT INTO "offices" ("code", "name", "adminName", "adminEmail", "locale", "passwordHash", "failedLogins", "lockedUntil") VALUES (?, ?, ?, ?, ?, ?, 0, NULL)'),
    userCode: db.prepare('INSERT INTO "user_codes" ("code", "officeCode", "companyNameEn", "officeNameEn", "addressEn", "managerNameEn", "systemClass", "industry") VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    userId: db.prepare('INSERT INTO "user_ids" ("userId", "userCode", "ident", "method") VALUES (?, ?, ?, ?)'),
    reviewer: db.prepare('INSERT INTO "reviewers" ("id", "name", "passwordHash", "failedLogins", "lockedUntil") VALUES (?, ?, ?, 0, NULL)'),
    application: db.prepare('INSERT INTO "applications" ("receiptNo", "officeCode", "status", "version", "submittedAt", "timing", "desiredDate", "registrationDate", "completedAt", "remarks", "contact", "entries", "supersedes", "supersededBy", "updatedAt") VALUES (@receiptNo, @officeCode, @status, @version, @submittedAt, @timing, @desiredDate, @registrationDate, @completedAt, @remarks, @contact, @entries, @supersedes, @supersededBy, @updatedAt)'),
    supersede: db.prepare('UPDATE "applications" SET "status" = \'superseded\', "version" = "version" + 1, "supersededBy" = ?, "updatedAt" = ? WHERE "receiptNo" = ?'),
    log: db.prepare('INSERT INTO "application_log" ("receiptNo", "item", "at", "notice", "actor") VALUES (?, ?, ?, ?, ?)'),
    news: db.prepare('INSERT INTO "news" ("officeCode", "receiptNo", "at", "message") VALUES (?, ?, ?, ?)'),
    outbox: db.prepare('INSERT INTO "outbox" ("receiptNo", "kind", "locale", "recipients", "data", "messageId", "status", "attempts", "nextAttemptAt", "lastError", "createdAt", "sentAt") VALUES (?, ?, ?, ?, ?, ?, \'sent\', 1, ?, NULL, ?, ?)'),
    issued: db.prepare('INSERT INTO "issued_passwords" ("receiptNo", "userCode", "ident", "sealed", "visibleUntil", "purgedAt") VALUES (?, ?, ?, NULL, ?, ?)'),
    scheduled: db.prepare('INSERT INTO "scheduled_changes" ("userCode", "receiptNo", "effectiveDate", "changes", "appliedAt") VALUES (?, ?, ?, ?, ?)'),
    counter: db.prepare('INSERT OR REPLACE INTO "receipt_counters" ("year", "lastSequence") VALUES (?, ?)'),
  }
}

/**
 * Loads `population` into the store at `file` (created by `nss init`, still empty). Every office and
 * the reviewer `r.sato` get `passwordHash` (a scrypt hash of the bench's password).
 */
export function generateStore(file: string, population: Population, passwordHash: string): GeneratedStore {
  const started = Date.now()
  const Driver = require('better-sqlite3') as typeof import('better-sqlite3')
  const db = new Driver(file, {fileMustExist: true})
  const random = seededRandom(20261126)
  const rows: Record<string, number> = {}
  const count = (table: string, n = 1) => { rows[table] = (rows[table] ?? 0) + n }

  const offices = [makeOffice('LARGE01', 0, 4), ...Array.from({length: population.offices - 1}, (_, i) => makeOffice(`OF${String(i + 1).padStart(5, '0')}`, i + 1, 2))]
  const years = Math.max(1, Math.ceil(population.applications / PER_YEAR_MAX))
  const perYear = Math.ceil(population.applications / years)
  const untilMs = population.until.getTime()
  const lastYear = Number(tokyoDateOf(population.until).slice(0, 4))
  const firstYear = lastYear - years + 1
  const yearStartMs = (year: number) => Date.UTC(year, 0, 1) - 9 * 3_600_000
  const openFrom = Math.floor(population.applications * (1 - OPEN_SHARE))
  const sample: GeneratedStore['sample'] = []
  const awaitingAmendment = new Map<string, string>()
  let messageSerial = 0

  db.pragma('journal_mode = DELETE')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -262144')
  const indexes = db.prepare('SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = \'index\' AND "sql" IS NOT NULL').all() as {name: string; sql: string}[]
  const insert = prepareInserts(db)

  // An application's mails carry the same template data (effects.ts mailDataOf) but for the notice.
  let mailData: {receiptNo: string; data: Record<string, unknown>} | undefined
  const mail = (app: Application, office: OfficeRecord, kind: MailKind, at: string, notice = '') => {
    if (mailData?.receiptNo !== app.receiptNo) mailData = {receiptNo: app.receiptNo, data: mailDataOf(app, office)}
    insert.outbox.run(app.receiptNo, kind, office.locale, JSON.stringify([app.contact.email, office.adminEmail]), JSON.stringify({...mailData.data, notice}),
      `<${app.receiptNo}.${kind}.${++messageSerial}@nss-desk.localhost>`, at, at, at)
    count('outbox')
  }
  const log = (receiptNo: string, item: string, at: string, actor: string, notice = '') => {
    insert.log.run(receiptNo, item, at, notice, actor)
    count('application_log')
  }
  const news = (officeCode: string, receiptNo: string, at: string, message: 'query' | 'completed') => {
    insert.news.run(officeCode, receiptNo, at, message)
    count('news')
  }

  db.transaction(() => {
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`)
    for (const office of offices) {
      insert.office.run(office.code, office.name, office.adminName, office.adminEmail, office.locale, passwordHash)
      count('offices')
      for (const u of office.userCodes) {
        insert.userCode.run(u.code, office.code, u.companyNameEn, u.officeNameEn, u.addressEn, u.managerNameEn, u.systemClass, u.industry)
        count('user_codes')
        for (const id of u.userIds) {
          insert.userId.run(`${u.code}${id.ident}`, u.code, id.ident, id.method)
          count('user_ids')
        }
      }
    }
    insert.reviewer.run('r.sato', '佐藤 花子', passwordHash)
    count('reviewers')

    for (let j = 0; j < population.applications; j++) {
      const year = firstYear + Math.floor(j / perYear)
      const sequence = (j % perYear) + 1
      const yearEnd = year === lastYear ? untilMs : yearStartMs(year + 1)
      const submittedMs = yearStartMs(year) + Math.floor((yearEnd - yearStartMs(year)) * sequence / (perYear + 1))
      const office = j % Math.round(1 / population.largeOfficeShare) === 0 ? offices[0] : offices[1 + Math.floor(random() * (offices.length - 1))]
      const receiptNo = formatReceiptNo(year % 100, sequence)
      const submittedAt = new Date(submittedMs)
      const at = (days: number) => new Date(submittedMs + days * DAY_MS).toISOString()
      const officeActor = `office:${office.code}`

      const entries: ApplicationEntry[] = []
      const roll = random()
      if (roll < 0.6) entries.push({userCode: office.userCodes[0].code, passwordReset: {ids: ['A0A', 'A01'], reason: '担当者の異動のため'}})
      if (roll >= 0.4) entries.push({userCode: office.userCodes[1].code, registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}})
      const isDated = random() < 0.3
      const supersedes = awaitingAmendment.get(office.code) ?? null
      awaitingAmendment.delete(office.code)

      // The application's whole history, decided now: open ones are recent; the rest have ended.
      const fate = j >= openFrom
        ? (random() < 0.8 ? 'received' : 'query')
        : (() => { const r = random(); return r < 0.89 ? 'completed' : r < 0.95 ? 'withdrawn' : 'amended' })()
      const app: Application = {
        receiptNo, officeCode: office.code, status: fate === 'amended' ? 'query' : fate, version: fate === 'received' ? 1 : 2,
        submittedAt, timing: isDated ? 'date' : 'earliest',
        desiredDate: isDated ? addCalendarDays(tokyoDateOf(submittedAt), 10) : null, owner: null,
        registrationDate: fate === 'completed' ? addCalendarDays(tokyoDateOf(submittedAt), 7) : null,
        completedAt: fate === 'completed' ? new Date(submittedMs + 2 * DAY_MS) : null,
        remarks: random() < 0.1 ? '至急対応をお願いします。' : '',
        contact: {name: '通関 太郎', kana: 'ツウカン タロウ', department: '第一営業部営業第三課', title: '課長', phone: '0301234567', email: `taro${j % 9973}@example.jp`},
        entries, supersedes, supersededBy: null,
      }
      insert.application.run({
        ...app, submittedAt: app.submittedAt.toISOString(), completedAt: app.completedAt?.toISOString() ?? null,
        contact: JSON.stringify(app.contact), entries: JSON.stringify(app.entries),
        updatedAt: fate === 'received' ? at(0) : at(fate === 'completed' ? 2 : 1),
      })
      count('applications')
      if (j % 997 === 0) sample.push({receiptNo, officeCode: office.code})

      const notices = AMENDMENT_NOTICES[office.locale]
      if (supersedes) {
        insert.supersede.run(receiptNo, at(0), supersedes)
        log(supersedes, 'superseded', at(0), officeActor, notices.amendedTo(receiptNo))
        log(receiptNo, 'apply_amendment', at(0), officeActor, notices.amendedFrom(supersedes))
      } else {
        log(receiptNo, 'apply', at(0), officeActor)
      }
      mail(app, office, 'receipt', at(0))
      if (fate === 'query' || fate === 'amended') {
        const notice = 'こちらのパスワード初期化は承る事が出来ません。'
        log(receiptNo, 'query', at(1), 'reviewer:r.sato', notice)
        news(office.code, receiptNo, at(1), 'query')
        mail(app, office, 'query', at(1), notice)
        if (fate === 'amended') awaitingAmendment.set(office.code, receiptNo)
      } else if (fate === 'withdrawn') {
        log(receiptNo, 'withdraw', at(1), officeActor)
        mail(app, office, 'withdrawal', at(1))
      } else if (fate === 'completed') {
        log(receiptNo, 'complete', at(2), 'reviewer:r.sato')
        news(office.code, receiptNo, at(2), 'completed')
        mail(app, office, 'completion', at(2))
        for (const entry of entries) {
          for (const ident of entry.passwordReset?.ids ?? []) {
            insert.issued.run(receiptNo, entry.userCode, ident, addCalendarDays(tokyoDateOf(submittedAt), 5), at(6))
            count('issued_passwords')
          }
          if (entry.registration) {
            insert.scheduled.run(entry.userCode, receiptNo, app.registrationDate, JSON.stringify(entry.registration), at(7))
            count('scheduled_changes')
          }
        }
      }
    }
    for (let year = firstYear; year <= lastYear; year++) {
      const used = Math.min(perYear, population.applications - (year - firstYear) * perYear)
      if (used > 0) insert.counter.run(year % 100, used)
    }
    for (const index of indexes) db.exec(index.sql)
  })()
  db.pragma('journal_mode = WAL')
  db.close()
  return {largeOffice: offices[0].code, typicalOffice: offices[1].code, sample, rows, seconds: (Date.now() - started) / 1000}
}

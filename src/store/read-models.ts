/**
 * The read models: what `nss status` and a login read, in plain SQL over better-sqlite3, without
 * TypeORM. SPEC §14: start-up is paid by every shell-script call, and loading TypeORM (≈ 300 modules and
 * its entity metadata) was most of a `status` call (README, Performance). Same tables, same values as
 * the entities: test/integration/read-models.test.ts compares every method with what TypeORM reads.
 * Nothing here writes; writes go through Store.write (TypeORM, BEGIN IMMEDIATE).
 *
 * The SQL is kept in named statements (READ_QUERIES, applicationListQuery) so `npm run bench` can show
 * the query plan of exactly what runs.
 */
import type {Database, Statement} from 'better-sqlite3'
import type {Application} from '../domain/application'
import {InfrastructureError} from '../domain/errors'
import type {OfficeRecord} from '../domain/master-data'
import type {ApplicationStatus, Locale, ProcessingMethod, SystemClass} from '../domain/vocabulary'
import type {ApplicationEntity, OfficeEntity, UserCodeEntity, UserIdEntity} from './entities'
import {SQLITE_MIGRATIONS} from './migrations/sqlite'
import {openSqliteConnection} from './sqlite-connection'

/** The statements with fixed text, by what they read. */
export const READ_QUERIES = {
  officeAccount: 'SELECT "passwordHash", "failedLogins", "lockedUntil" FROM "offices" WHERE "code" = ?',
  reviewerAccount: 'SELECT "passwordHash", "failedLogins", "lockedUntil" FROM "reviewers" WHERE "id" = ?',
  application: 'SELECT * FROM "applications" WHERE "receiptNo" = ?',
  office: 'SELECT "code", "name", "adminName", "adminEmail", "locale" FROM "offices" WHERE "code" = ?',
  userCodes: 'SELECT * FROM "user_codes" WHERE "officeCode" = ? ORDER BY "code"',
  userIds: 'SELECT "userCode", "ident", "method" FROM "user_ids" WHERE "userCode" IN '
    + '(SELECT "code" FROM "user_codes" WHERE "officeCode" = ?) ORDER BY "userCode", "ident"',
  log: 'SELECT "item", "at", "notice" FROM "application_log" WHERE "receiptNo" = ? ORDER BY "id"',
  mails: 'SELECT "kind", "recipients", "status", "lastError" FROM "outbox" WHERE "receiptNo" = ? ORDER BY "id"',
  // The first row, as TypeORM's findOne reads it: a receipt's passwords are issued and purged together.
  issuedPasswords: 'SELECT "sealed", "visibleUntil" FROM "issued_passwords" WHERE "receiptNo" = ? LIMIT 1',
  news: 'SELECT "receiptNo", "at", "message" FROM "news" WHERE "officeCode" = ? ORDER BY "id" DESC LIMIT ?',
} as const

/** A login account as authentication needs it (offices and reviewers alike). */
export interface AccountRecord {
  passwordHash: string | null
  failedLogins: number
  lockedUntil: string | null
}

export interface LogRecord {
  item: string
  /** ISO 8601 UTC */
  at: string
  notice: string
}

export interface MailRecord {
  kind: string
  recipients: string[]
  status: string
  lastError: string | null
}

export interface NewsRecord {
  receiptNo: string
  /** ISO 8601 UTC */
  at: string
  /** The message key (news.entity.ts). */
  message: string
}

export interface ApplicationSummaryRecord {
  receiptNo: string
  officeCode: string
  status: string
  /** ISO 8601 UTC */
  submittedAt: string
}

/** Which applications a list shows: an office's own, or (a reviewer's queue) those in one status. */
export type ApplicationListFilter = ({officeCode: string; status?: ApplicationStatus} | {status: ApplicationStatus}) & {
  /** ISO 8601 UTC: submitted at or after. */
  sinceIso?: string
}

/**
 * The newest first, then the highest receipt number, as the list has always been ordered; the
 * indexes on (officeCode | status, submittedAt, receiptNo) give this order without sorting.
 * `limit` null = every row. Returns the statement and its parameters.
 */
export function applicationListQuery(filter: ApplicationListFilter, limit: number | null): {sql: string; params: (string | number)[]} {
  const {where, params} = whereOf(filter)
  const sql = `SELECT "receiptNo", "officeCode", "status", "submittedAt" FROM "applications" WHERE ${where} `
    + 'ORDER BY "submittedAt" DESC, "receiptNo" DESC' + (limit === null ? '' : ' LIMIT ?')
  return {sql, params: limit === null ? params : [...params, limit]}
}

/** How many applications the same filter matches (the list's `total`). */
export function applicationCountQuery(filter: ApplicationListFilter): {sql: string; params: (string | number)[]} {
  const {where, params} = whereOf(filter)
  return {sql: `SELECT COUNT(*) AS "total" FROM "applications" WHERE ${where}`, params}
}

function whereOf(filter: ApplicationListFilter): {where: string; params: string[]} {
  const clauses: string[] = []
  const params: string[] = []
  if ('officeCode' in filter) {
    clauses.push('"officeCode" = ?')
    params.push(filter.officeCode)
  }
  if (filter.status) {
    clauses.push('"status" = ?')
    params.push(filter.status)
  }
  if (filter.sinceIso) {
    clauses.push('"submittedAt" >= ?')
    params.push(filter.sinceIso)
  }
  return {where: clauses.join(' AND '), params}
}

/** The domain view of a stored application: a TypeORM entity, or a read-model row with its JSON parsed. */
export function toApplication(row: ApplicationEntity): Application {
  return {
    receiptNo: row.receiptNo,
    officeCode: row.officeCode,
    status: row.status as ApplicationStatus,
    version: row.version,
    submittedAt: new Date(row.submittedAt),
    timing: row.timing as Application['timing'],
    desiredDate: row.desiredDate,
    registrationDate: row.registrationDate,
    completedAt: row.completedAt ? new Date(row.completedAt) : null,
    remarks: row.remarks,
    contact: row.contact,
    entries: row.entries,
    supersedes: row.supersedes,
    supersededBy: row.supersededBy,
  }
}

/** An office with its user codes and user IDs, as the domain sees it, from its rows (either path). */
export function toOfficeRecord(
  office: Pick<OfficeEntity, 'code' | 'name' | 'adminName' | 'adminEmail' | 'locale'>,
  userCodes: UserCodeEntity[],
  userIds: Pick<UserIdEntity, 'userCode' | 'ident' | 'method'>[],
): OfficeRecord {
  return {
    code: office.code,
    name: office.name,
    adminName: office.adminName,
    adminEmail: office.adminEmail,
    locale: office.locale as Locale,
    userCodes: userCodes.map(u => ({
      code: u.code,
      companyNameEn: u.companyNameEn,
      officeNameEn: u.officeNameEn,
      addressEn: u.addressEn,
      managerNameEn: u.managerNameEn,
      systemClass: u.systemClass as SystemClass,
      industry: u.industry,
      userIds: userIds.filter(i => i.userCode === u.code).map(i => ({ident: i.ident, method: i.method as ProcessingMethod})),
    })),
  }
}

/** The names TypeORM records in its `migrations` table for the migrations this build knows. */
function knownMigrationNames(): string[] {
  return SQLITE_MIGRATIONS.map(migration => {
    const instance = new (migration as new () => {name?: string})()
    return instance.name ?? migration.name
  })
}

/** Read models over one SQLite connection; see the file comment. */
export class ReadModels {
  private readonly statements = new Map<string, Statement>()

  private constructor(private readonly db: Database) {}

  /**
   * Opens the store file (which must exist) and refuses it, as TypeORM's path does, when a migration
   * of this build has not run on it: `nss init` migrates.
   */
  static open(file: string): ReadModels {
    const db = openSqliteConnection(file)
    try {
      const hasTable = db.prepare('SELECT 1 FROM "sqlite_master" WHERE "type" = \'table\' AND "name" = \'migrations\'').get()
      const executed = new Set(hasTable ? (db.prepare('SELECT "name" FROM "migrations"').pluck().all() as string[]) : [])
      if (!knownMigrationNames().every(name => executed.has(name))) {
        throw new InfrastructureError('the store needs migrating: run `nss init`')
      }
    } catch (error) {
      db.close()
      throw error
    }
    return new ReadModels(db)
  }

  /**
   * Runs `work` in one read transaction: every query of one screen sees the same commit, even while
   * another process writes (WAL readers keep their snapshot).
   */
  inSnapshot<T>(work: (reads: ReadModels) => T): T {
    return this.db.transaction(() => work(this))()
  }

  findAccount(kind: 'office' | 'reviewer', id: string): AccountRecord | null {
    const row = this.get<AccountRecord>(kind === 'office' ? READ_QUERIES.officeAccount : READ_QUERIES.reviewerAccount, [id])
    return row ?? null
  }

  findApplication(receiptNo: string): Application | null {
    const row = this.get<Record<string, unknown>>(READ_QUERIES.application, [receiptNo])
    if (!row) return null
    return toApplication({...row, contact: JSON.parse(row.contact as string), entries: JSON.parse(row.entries as string)} as ApplicationEntity)
  }

  findOffice(code: string): OfficeRecord | null {
    const office = this.get<Pick<OfficeEntity, 'code' | 'name' | 'adminName' | 'adminEmail' | 'locale'>>(READ_QUERIES.office, [code])
    if (!office) return null
    const userCodes = this.all<UserCodeEntity>(READ_QUERIES.userCodes, [code])
    const userIds = userCodes.length === 0 ? [] : this.all<Pick<UserIdEntity, 'userCode' | 'ident' | 'method'>>(READ_QUERIES.userIds, [code])
    return toOfficeRecord(office, userCodes, userIds)
  }

  /** 進行状況, oldest first. */
  listLog(receiptNo: string): LogRecord[] {
    return this.all<LogRecord>(READ_QUERIES.log, [receiptNo])
  }

  /** The outbox rows of an application, oldest first. */
  listMails(receiptNo: string): MailRecord[] {
    return this.all<Omit<MailRecord, 'recipients'> & {recipients: string}>(READ_QUERIES.mails, [receiptNo])
      .map(row => ({...row, recipients: JSON.parse(row.recipients) as string[]}))
  }

  /** Whether passwords were issued and are still sealed, and until when they can be viewed. */
  findIssuedPasswords(receiptNo: string): {isSealed: boolean; visibleUntil: string} | null {
    const row = this.get<{sealed: string | null; visibleUntil: string}>(READ_QUERIES.issuedPasswords, [receiptNo])
    return row ? {isSealed: row.sealed !== null, visibleUntil: row.visibleUntil} : null
  }

  /** 新着情報: the newest `limit` notices of an office. */
  latestNews(officeCode: string, limit: number): NewsRecord[] {
    return this.all<NewsRecord>(READ_QUERIES.news, [officeCode, limit])
  }

  /** Applications, newest first, at most `limit` (null = all), with how many match in all. */
  listApplications(filter: ApplicationListFilter, limit: number | null): {applications: ApplicationSummaryRecord[]; total: number} {
    const list = applicationListQuery(filter, limit)
    const applications = this.all<ApplicationSummaryRecord>(list.sql, list.params)
    // Counting costs a second index range; skip it when the page already holds every match.
    if (limit === null || applications.length < limit) return {applications, total: applications.length}
    const count = applicationCountQuery(filter)
    return {applications, total: this.get<{total: number}>(count.sql, count.params)!.total}
  }

  close(): void {
    this.db.close()
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, statement = this.db.prepare(sql))
    return statement
  }

  private get<T>(sql: string, params: unknown[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined
  }

  private all<T>(sql: string, params: unknown[]): T[] {
    return this.statement(sql).all(...params) as T[]
  }
}

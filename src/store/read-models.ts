/**
 * The read models: what `nss status` and a login read, in plain SQL over the store's own driver
 * (better-sqlite3 here; `pg` in read-models-postgres.ts), without TypeORM. SPEC §14: start-up is paid by every shell-script call, and loading TypeORM (≈ 300 modules and
 * its entity metadata) was most of a `status` call (README, Performance). Same tables, same values as
 * the entities: test/integration/read-models.test.ts compares every method with what TypeORM reads.
 * Nothing here writes but the login counter (LOGIN_STATEMENTS: one atomic UPDATE … RETURNING each, so
 * a login stays off TypeORM); every other write goes through Store.write. The methods are async for both
 * dialects: PostgreSQL answers over a socket; SQLite's answers are at hand.
 *
 * The SQL is kept in named statements (READ_QUERIES, applicationListQuery) so `npm run bench` can show
 * the query plan of exactly what runs.
 */
import type {Database, Statement} from 'better-sqlite3'
import {Mutex} from './mutex'
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
  mails: 'SELECT "kind", "recipients", "status", "lastError", "dataPurgedAt" FROM "outbox" WHERE "receiptNo" = ? ORDER BY "id"',
  // The first row, as TypeORM's findOne reads it: a receipt's passwords are issued and purged together.
  issuedPasswords: 'SELECT "sealed", "visibleUntil" FROM "issued_passwords" WHERE "receiptNo" = ? LIMIT 1',
  news: 'SELECT "receiptNo", "at", "message" FROM "news" WHERE "officeCode" = ? ORDER BY "id" DESC LIMIT ?',
} as const

/**
 * The login counter (SPEC §9, src/app/authenticate.ts), one statement each, committed alone: the row is
 * locked for the statement (PostgreSQL's row lock, SQLite's write lock), so concurrent logins count one
 * after the other and the lock state is read and written in the same atomic step.
 * - reserve: counts the attempt as a failure before its password is checked, only while fewer than
 *   the threshold are counted; a lock whose time has passed starts the count again. No row comes back
 *   for an unknown account, one without a password, a locked one, or one whose count is full.
 *   Parameters: id, now (ISO), threshold.
 * - fail: a wrong password (or a count that stayed full) takes the lock when the count has reached the
 *   threshold; it never clears one. Parameters: now (ISO), threshold, lock end (ISO), id.
 * - forgive: a right password takes back its own attempt and those counted before it (`position`);
 *   it leaves any lock as it is. Parameters: position, position, id.
 */
function loginStatements(table: string, key: string) {
  return {
    reserve: `UPDATE "${table}" SET "failedLogins" = CASE WHEN "lockedUntil" IS NULL THEN "failedLogins" + 1 ELSE 1 END, "lockedUntil" = NULL `
      + `WHERE "${key}" = ? AND "passwordHash" IS NOT NULL AND ("lockedUntil" IS NULL OR "lockedUntil" <= ?) `
      + 'AND CASE WHEN "lockedUntil" IS NULL THEN "failedLogins" ELSE 0 END < ? '
      + 'RETURNING "passwordHash", "failedLogins", "lockedUntil"',
    fail: `UPDATE "${table}" SET "lockedUntil" = CASE WHEN ("lockedUntil" IS NULL OR "lockedUntil" <= ?) AND "failedLogins" >= ? `
      + `THEN ? ELSE "lockedUntil" END WHERE "${key}" = ? RETURNING "failedLogins", "lockedUntil"`,
    forgive: `UPDATE "${table}" SET "failedLogins" = CASE WHEN "failedLogins" > ? THEN "failedLogins" - ? ELSE 0 END WHERE "${key}" = ? `
      // RETURNING only so that both drivers run it as a query (better-sqlite3's all() needs rows to return).
      + 'RETURNING "failedLogins"',
  }
}

export const LOGIN_STATEMENTS = {office: loginStatements('offices', 'code'), reviewer: loginStatements('reviewers', 'id')} as const

/** The audit row of a failed login (src/app/audit.ts writes the same row through TypeORM elsewhere). */
const LOGIN_FAILURE_AUDIT = 'INSERT INTO "audit_events" ("at", "actor", "action", "receiptNo", "detail") VALUES (?, ?, ?, NULL, ?) RETURNING "id"'

/** A counted login attempt: the hash to check, its place in the count, and the lock it took (or null). */
export interface LoginReservation {
  passwordHash: string
  failedLogins: number
  lockedUntil: string | null
}

/** The login counter's steps (LOGIN_STATEMENTS), run outside any snapshot. */
export interface LoginCounter {
  reserveLogin(kind: 'office' | 'reviewer', id: string, policy: {now: string; threshold: number}): Promise<LoginReservation | null>
  /** Takes the lock if the count has reached the threshold; returns whether this call took it. */
  failLogin(kind: 'office' | 'reviewer', id: string, policy: {now: string; threshold: number; lockUntil: string}): Promise<boolean>
  forgiveLogins(kind: 'office' | 'reviewer', id: string, reservation: LoginReservation): Promise<void>
  /** Records a failed login in audit_events, without TypeORM: a failure costs what a success does. */
  recordLoginFailure(event: {at: string; actor: string; action: 'login_failed' | 'login_locked'; detail: string}): Promise<void>
}

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
  /** Set once its content was purged after NSS_RETENTION_DAYS (src/app/retention.ts). */
  dataPurgedAt: string | null
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

/** The names TypeORM records in its `migrations` table for the migrations of a set. */
export function knownMigrationNames(migrations: Function[]): string[] {
  return migrations.map(migration => {
    const instance = new (migration as new () => {name?: string})()
    return instance.name ?? migration.name
  })
}

/** What the read models read, in one snapshot; the same methods on both dialects. */
export interface ReadModels extends LoginCounter {
  /**
   * Runs `work` in one read transaction: every query of one screen sees the same commit, even while
   * another process writes.
   */
  inSnapshot<T>(work: (reads: ReadModels) => Promise<T>): Promise<T>
  findAccount(kind: 'office' | 'reviewer', id: string): Promise<AccountRecord | null>
  findApplication(receiptNo: string): Promise<Application | null>
  /** An office with its user codes and user IDs. */
  findOffice(code: string): Promise<OfficeRecord | null>
  /** 進行状況, oldest first. */
  listLog(receiptNo: string): Promise<LogRecord[]>
  /** The outbox rows of an application, oldest first. */
  listMails(receiptNo: string): Promise<MailRecord[]>
  /** Whether passwords were issued and are still sealed, and until when they can be viewed. */
  findIssuedPasswords(receiptNo: string): Promise<{isSealed: boolean; visibleUntil: string} | null>
  /** 新着情報: the newest `limit` notices of an office. */
  latestNews(officeCode: string, limit: number): Promise<NewsRecord[]>
  /** Applications, newest first, at most `limit` (null = all), with how many match in all. */
  listApplications(filter: ApplicationListFilter, limit: number | null): Promise<{applications: ApplicationSummaryRecord[]; total: number}>
  close(): Promise<void>
}

/**
 * The methods of the read models over any driver that runs one statement (with `?` placeholders)
 * and returns its rows: the SQL and the row mapping are the same for both dialects.
 */
export abstract class StatementReadModels implements ReadModels {
  abstract inSnapshot<T>(work: (reads: ReadModels) => Promise<T>): Promise<T>
  abstract close(): Promise<void>
  protected abstract all<T>(sql: string, params: unknown[]): Promise<T[]>
  /** Runs statements outside a snapshot, each committed alone (never call it inside `inSnapshot`). */
  protected abstract alone<T>(work: () => Promise<T>): Promise<T>

  async reserveLogin(kind: 'office' | 'reviewer', id: string, policy: {now: string; threshold: number}): Promise<LoginReservation | null> {
    const row = await this.alone(() => this.get<LoginReservation>(LOGIN_STATEMENTS[kind].reserve, [id, policy.now, policy.threshold]))
    return row ?? null
  }

  async failLogin(kind: 'office' | 'reviewer', id: string, policy: {now: string; threshold: number; lockUntil: string}): Promise<boolean> {
    const row = await this.alone(() => this.get<{lockedUntil: string | null}>(LOGIN_STATEMENTS[kind].fail, [policy.now, policy.threshold, policy.lockUntil, id]))
    return row?.lockedUntil === policy.lockUntil
  }

  async forgiveLogins(kind: 'office' | 'reviewer', id: string, reservation: LoginReservation): Promise<void> {
    const position = reservation.failedLogins
    await this.alone(() => this.all(LOGIN_STATEMENTS[kind].forgive, [position, position, id]))
  }

  async recordLoginFailure(event: {at: string; actor: string; action: 'login_failed' | 'login_locked'; detail: string}): Promise<void> {
    await this.alone(() => this.all(LOGIN_FAILURE_AUDIT, [event.at, event.actor, event.action, event.detail]))
  }

  protected async get<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0]
  }

  async findAccount(kind: 'office' | 'reviewer', id: string): Promise<AccountRecord | null> {
    const row = await this.get<AccountRecord>(kind === 'office' ? READ_QUERIES.officeAccount : READ_QUERIES.reviewerAccount, [id])
    return row ?? null
  }

  async findApplication(receiptNo: string): Promise<Application | null> {
    const row = await this.get<Record<string, unknown>>(READ_QUERIES.application, [receiptNo])
    if (!row) return null
    return toApplication({...row, contact: JSON.parse(row.contact as string), entries: JSON.parse(row.entries as string)} as ApplicationEntity)
  }

  async findOffice(code: string): Promise<OfficeRecord | null> {
    const office = await this.get<Pick<OfficeEntity, 'code' | 'name' | 'adminName' | 'adminEmail' | 'locale'>>(READ_QUERIES.office, [code])
    if (!office) return null
    const userCodes = await this.all<UserCodeEntity>(READ_QUERIES.userCodes, [code])
    const userIds = userCodes.length === 0 ? [] : await this.all<Pick<UserIdEntity, 'userCode' | 'ident' | 'method'>>(READ_QUERIES.userIds, [code])
    return toOfficeRecord(office, userCodes, userIds)
  }

  async listLog(receiptNo: string): Promise<LogRecord[]> {
    return this.all<LogRecord>(READ_QUERIES.log, [receiptNo])
  }

  async listMails(receiptNo: string): Promise<MailRecord[]> {
    return (await this.all<Omit<MailRecord, 'recipients'> & {recipients: string}>(READ_QUERIES.mails, [receiptNo]))
      .map(row => ({...row, recipients: JSON.parse(row.recipients) as string[]}))
  }

  async findIssuedPasswords(receiptNo: string): Promise<{isSealed: boolean; visibleUntil: string} | null> {
    const row = await this.get<{sealed: string | null; visibleUntil: string}>(READ_QUERIES.issuedPasswords, [receiptNo])
    return row ? {isSealed: row.sealed !== null, visibleUntil: row.visibleUntil} : null
  }

  async latestNews(officeCode: string, limit: number): Promise<NewsRecord[]> {
    return this.all<NewsRecord>(READ_QUERIES.news, [officeCode, limit])
  }

  async listApplications(filter: ApplicationListFilter, limit: number | null): Promise<{applications: ApplicationSummaryRecord[]; total: number}> {
    const list = applicationListQuery(filter, limit)
    const applications = await this.all<ApplicationSummaryRecord>(list.sql, list.params)
    // Counting costs a second index range; skip it when the page already holds every match.
    if (limit === null || applications.length < limit) return {applications, total: applications.length}
    const count = applicationCountQuery(filter)
    // PostgreSQL's COUNT is a bigint, which `pg` hands over as a string.
    return {applications, total: Number((await this.get<{total: number | string}>(count.sql, count.params))!.total)}
  }
}

/** Read models over one SQLite connection; see the file comment. */
export class SqliteReadModels extends StatementReadModels {
  private readonly statements = new Map<string, Statement>()
  /** One snapshot at a time on the one connection. */
  private readonly mutex = new Mutex()

  private constructor(private readonly db: Database) {
    super()
  }

  /**
   * Opens the store file (which must exist) and refuses it, as TypeORM's path does, when a migration
   * of this build has not run on it: `nss init` migrates.
   */
  static open(file: string): SqliteReadModels {
    const db = openSqliteConnection(file)
    try {
      const hasTable = db.prepare('SELECT 1 FROM "sqlite_master" WHERE "type" = \'table\' AND "name" = \'migrations\'').get()
      const executed = new Set(hasTable ? (db.prepare('SELECT "name" FROM "migrations"').pluck().all() as string[]) : [])
      if (!knownMigrationNames(SQLITE_MIGRATIONS).every(name => executed.has(name))) {
        throw new InfrastructureError('the store needs migrating: run `nss init`')
      }
    } catch (error) {
      db.close()
      throw error
    }
    return new SqliteReadModels(db)
  }

  /** One deferred read transaction (WAL readers keep their snapshot while another process writes). */
  inSnapshot<T>(work: (reads: ReadModels) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.statement('BEGIN').run()
      try {
        return await work(this)
      } finally {
        this.statement('COMMIT').run()
      }
    })
  }

  async close(): Promise<void> {
    this.db.close()
  }

  protected alone<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(work)
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, statement = this.db.prepare(sql))
    return statement
  }

  protected async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.statement(sql).all(...params) as T[]
  }
}

/**
 * The read models: what `nss status` and a login read, in plain SQL over the store's own driver
 * (better-sqlite3 here; `pg` in read-models-postgres.ts), without TypeORM. SPEC §14: start-up is paid by every shell-script call, and loading TypeORM (≈ 300 modules and
 * its entity metadata) was most of a `status` call (docs/performance.md). The desk server reads the
 * API token of every request here too: through TypeORM's query builder that read cost more CPU than
 * the status it guards (docs/performance.md). Same tables, same values as
 * the entities: test/integration/read-models.test.ts compares every method with what TypeORM reads.
 * Nothing here writes but the login check (LOGIN_STATEMENTS: one short write transaction, so
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
import {text} from '../domain/messages/text'
import type {OfficeRecord} from '../domain/master-data'
import {STAFF_MAIL_KINDS} from '../domain/vocabulary'
import type {ApplicationStatus, Locale, ProcessingMethod, SystemClass} from '../domain/vocabulary'
import type {ApplicationEntity, OfficeEntity, UserCodeEntity, UserIdEntity} from './entities'
import {SQLITE_MIGRATIONS} from './migrations/sqlite'
import {openSqliteConnection} from './sqlite-connection'

/**
 * The statements with fixed text, by what they read. The hot ones name their columns and are read as
 * arrays (`rows`, below): a row as an object costs the driver a property per column, more than the
 * statement itself for an application's sixteen (docs/performance.md).
 */
export const READ_QUERIES = {
  officeAccount: 'SELECT "passwordHash", "failedLogins", "lockedUntil" FROM "offices" WHERE "code" = ?',
  reviewerAccount: 'SELECT "passwordHash", "failedLogins", "lockedUntil" FROM "reviewers" WHERE "id" = ?',
  application: 'SELECT "receiptNo", "officeCode", "status", "version", "submittedAt", "timing", "desiredDate", "registrationDate", '
    + '"completedAt", "remarks", "contact", "entries", "supersedes", "supersededBy", "owner" FROM "applications" WHERE "receiptNo" = ?',
  office: 'SELECT "code", "name", "adminName", "adminEmail", "locale" FROM "offices" WHERE "code" = ?',
  userCodes: 'SELECT "code", "companyNameEn", "officeNameEn", "addressEn", "managerNameEn", "systemClass", "industry" '
    + 'FROM "user_codes" WHERE "officeCode" = ? ORDER BY "code"',
  userIds: 'SELECT "userCode", "ident", "method" FROM "user_ids" WHERE "userCode" IN '
    + '(SELECT "code" FROM "user_codes" WHERE "officeCode" = ?) ORDER BY "userCode", "ident"',
  log: 'SELECT "item", "at", "notice", "actor" FROM "application_log" WHERE "receiptNo" = ? ORDER BY "id"',
  // The attachments of the office's replies (issue 14): what they are, never their bytes.
  attachments: 'SELECT "id", "filename", "contentType", "size" FROM "attachments" WHERE "receiptNo" = ? ORDER BY "id"',
  // The mails to the office: the staff's notices (issue 14) are the center's, never on the office's screen.
  mails: 'SELECT "kind", "recipients", "status", "lastError", "dataPurgedAt" FROM "outbox" WHERE "receiptNo" = ? '
    + `AND "kind" NOT IN (${STAFF_MAIL_KINDS.map(kind => `'${kind}'`).join(', ')}) ORDER BY "id"`,
  // The first row, as TypeORM's findOne reads it: a receipt's passwords are issued and purged together.
  issuedPasswords: 'SELECT "sealed", "visibleUntil" FROM "issued_passwords" WHERE "receiptNo" = ? LIMIT 1',
  news: 'SELECT "receiptNo", "at", "message" FROM "news" WHERE "officeCode" = ? ORDER BY "id" DESC LIMIT ?',
  // By the unique index on the hash: the desk server's check of every request (src/app/api-token.ts).
  apiToken: 'SELECT "id", "officeCode", "reviewerId", "readOnly", "expiresAt", "lastUsedAt", "revokedAt" FROM "api_tokens" WHERE "tokenHash" = ?',
} as const

/**
 * The login check (SPEC §9, src/app/authenticate.ts, issue 11 point 9): the account is read, the
 * password checked and the count written in ONE write transaction — SQLite's `BEGIN IMMEDIATE` (the
 * store's write lock), PostgreSQL's `SELECT … FOR UPDATE` on the account row — so concurrent logins of
 * an account are checked one after the other, each against the count and the lock its predecessors
 * left. The scrypt runs inside it: about 50 ms for which logins (on SQLite, every writer) wait, the
 * price of a count that cannot be raced.
 * - account: the hash, the count and the lock (PostgreSQL appends FOR UPDATE). Parameter: id.
 * - count: the new count and lock. Parameters: failedLogins, lockedUntil, id.
 */
function loginStatements(table: string, key: string) {
  return {
    account: `SELECT "passwordHash", "failedLogins", "lockedUntil" FROM "${table}" WHERE "${key}" = ?`,
    // RETURNING only so that both drivers run it as a query (better-sqlite3's all() needs rows to return).
    count: `UPDATE "${table}" SET "failedLogins" = ?, "lockedUntil" = ? WHERE "${key}" = ? RETURNING "failedLogins"`,
  }
}

export const LOGIN_STATEMENTS = {office: loginStatements('offices', 'code'), reviewer: loginStatements('reviewers', 'id')} as const

/** An API token's last use. */
const TOKEN_USE = 'UPDATE "api_tokens" SET "lastUsedAt" = ? WHERE "id" = ? RETURNING "id"'

/** The audit row of a failed login (src/app/audit.ts writes the same row through TypeORM elsewhere). */
const LOGIN_FAILURE_AUDIT = 'INSERT INTO "audit_events" ("at", "actor", "action", "receiptNo", "detail") VALUES (?, ?, ?, NULL, ?) RETURNING "id"'

/** What a login check found: refused unchecked (unknown, no password, locked), accepted, or a wrong password counted. */
export type LoginCheck =
  | {outcome: 'refused'}
  | {outcome: 'accepted'}
  | {outcome: 'wrong'; failedLogins: number; isLocked: boolean}

/** The rules of one login check: the time, the threshold, the end of a lock taken now, the audit row's actor. */
export interface LoginPolicy {
  now: string
  threshold: number
  lockUntil: string
  actor: string
}

/** The login check (LOGIN_STATEMENTS), run outside any snapshot. */
export interface LoginCounter {
  /**
   * Reads the account, runs `verify` on its hash and records the result, in one write transaction.
   * A locked account (a lock whose time has not passed), an unknown one and one without a password are
   * refused without `verify`. A wrong password counts one failure, takes the lock at the threshold
   * (never clearing one) and writes its audit row; a right one starts the count again.
   */
  checkLogin(kind: 'office' | 'reviewer', id: string, policy: LoginPolicy, verify: (hash: string) => Promise<boolean>): Promise<LoginCheck>
  /** Writes an API token's last use (at most once a minute: src/app/api-token-check.ts), in one short write transaction. */
  recordTokenUse(tokenId: string, at: string): Promise<void>
}

/** A column that may be NULL, as a row read as an array (`rows`) holds it. */
type Nullable = string | null

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
  /** Who: `office:CODE`, `reviewer:ID`, `mail:INBOUND-ID` (the mail bot acting on that message), `system`. */
  actor: string
}

export interface AttachmentRecord {
  id: number
  filename: string
  contentType: string
  size: number
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

/** An API token as its check needs it (api-token.entity.ts): never its hash, which the caller already has. */
export interface ApiTokenRecord {
  id: string
  officeCode: string | null
  reviewerId: string | null
  /** 1: read-only. */
  readOnly: number
  /** ISO 8601 instants. */
  expiresAt: string
  lastUsedAt: string | null
  revokedAt: string | null
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

/** A row of the reviewer's queue (issue 14): what its due date, owner and last activity are computed from. */
export interface QueueRecord extends ApplicationSummaryRecord {
  timing: string
  desiredDate: string | null
  owner: string | null
  /** ISO 8601 UTC: the latest 進行状況 entry (every event writes one). */
  lastActivityAt: string
}

/** Which applications the reviewer's queue shows: in these statuses, by owner, submitted since. */
export interface QueueFilter {
  statuses: readonly ApplicationStatus[]
  /** A reviewer ID: only the applications it owns; null: only those nobody owns; undefined: all. */
  owner?: string | null
  /** ISO 8601 UTC: submitted at or after. */
  sinceIso?: string
}

/**
 * The reviewer's queue with the time of each application's latest 進行状況 entry. With a `limit`, the
 * newest first, as the office's list (one status: the index gives the order). Without one (the open
 * queue, which the use case sorts by due date), in no order: the index on status gives the rows, and
 * sorting two statuses here would cost a sort for nothing.
 */
export function reviewQueueQuery(filter: QueueFilter, limit: number | null): {sql: string; params: (string | number)[]} {
  const {where, params} = queueWhereOf(filter)
  const sql = 'SELECT a."receiptNo", a."officeCode", a."status", a."submittedAt", a."timing", a."desiredDate", a."owner", '
    + 'COALESCE((SELECT MAX(l."at") FROM "application_log" l WHERE l."receiptNo" = a."receiptNo"), a."submittedAt") AS "lastActivityAt" '
    + `FROM "applications" a WHERE ${where}` + (limit === null ? '' : ' ORDER BY a."submittedAt" DESC, a."receiptNo" DESC LIMIT ?')
  return {sql, params: limit === null ? params : [...params, limit]}
}

export function reviewQueueCountQuery(filter: QueueFilter): {sql: string; params: (string | number)[]} {
  const {where, params} = queueWhereOf(filter)
  return {sql: `SELECT COUNT(*) AS "total" FROM "applications" a WHERE ${where}`, params}
}

function queueWhereOf(filter: QueueFilter): {where: string; params: string[]} {
  const clauses = [`a."status" IN (${filter.statuses.map(() => '?').join(', ')})`]
  const params: string[] = [...filter.statuses]
  if (filter.owner === null) clauses.push('a."owner" IS NULL')
  else if (filter.owner !== undefined) {
    clauses.push('a."owner" = ?')
    params.push(filter.owner)
  }
  if (filter.sinceIso) {
    clauses.push('a."submittedAt" >= ?')
    params.push(filter.sinceIso)
  }
  return {where: clauses.join(' AND '), params}
}

/** The domain view of a stored application: a TypeORM entity, or a read-model row with its JSON parsed. */
export function toApplication(row: Omit<ApplicationEntity, 'updatedAt'>): Application {
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
    owner: row.owner ?? null,
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

/** `value` and everything in it made read-only: a kept read is handed to every reader that asks for it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
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
  /** The attachments kept under an application (issue 14), oldest first, without their bytes. */
  listAttachments(receiptNo: string): Promise<AttachmentRecord[]>
  /** The outbox rows of an application, oldest first. */
  listMails(receiptNo: string): Promise<MailRecord[]>
  /** Whether passwords were issued and are still sealed, and until when they can be viewed. */
  findIssuedPasswords(receiptNo: string): Promise<{isSealed: boolean; visibleUntil: string} | null>
  /** 新着情報: the newest `limit` notices of an office. */
  latestNews(officeCode: string, limit: number): Promise<NewsRecord[]>
  /** The API token whose SHA-256 this is, or null. */
  findApiToken(tokenHash: string): Promise<ApiTokenRecord | null>
  /** Applications, newest first, at most `limit` (null = all), with how many match in all. */
  listApplications(filter: ApplicationListFilter, limit: number | null): Promise<{applications: ApplicationSummaryRecord[]; total: number}>
  /** The reviewer's queue, newest first, at most `limit` (null = all), with how many match in all. */
  listReviewQueue(filter: QueueFilter, limit: number | null): Promise<{applications: QueueRecord[]; total: number}>
  /**
   * From now on, what a snapshot reads is kept for the snapshots after it while the store is unchanged
   * (the desk server, which reads the same token and application for request after request): see
   * SqliteReadModels.inSnapshot. What is kept is frozen, and is handed to every reader as it is. A
   * no-op where the dialect cannot tell cheaply that nothing changed (PostgreSQL).
   */
  keepReadsWhileUnchanged(): void
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
  /** The rows of a statement as arrays, its columns in the statement's order. */
  protected abstract rows(sql: string, params: unknown[]): Promise<unknown[][]>
  /** Runs `work` in one write transaction, outside any snapshot (never call it inside `inSnapshot`). */
  protected abstract inLoginTransaction<T>(work: () => Promise<T>): Promise<T>
  /** What makes the account read lock its row until the login transaction ends (PostgreSQL: FOR UPDATE). */
  protected abstract readonly lockRowClause: string
  /**
   * The reads kept for the snapshot running now, by method and arguments, when its dialect keeps them
   * (keepReadsWhileUnchanged); undefined outside a snapshot, and always on PostgreSQL.
   */
  protected kept: Map<string, unknown> | undefined

  keepReadsWhileUnchanged(): void {}

  /** `read()`, or what an earlier snapshot of the same store state read for `key`, frozen. */
  private remembered<T>(key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.kept
    if (!kept) return read()
    if (kept.has(key)) return Promise.resolve(kept.get(key) as T)
    return read().then(value => {
      kept.set(key, deepFreeze(value))
      return value
    })
  }

  async checkLogin(kind: 'office' | 'reviewer', id: string, policy: LoginPolicy, verify: (hash: string) => Promise<boolean>): Promise<LoginCheck> {
    const statements = LOGIN_STATEMENTS[kind]
    return this.inLoginTransaction(async () => {
      const account = await this.get<AccountRecord>(statements.account + this.lockRowClause, [id])
      const isLocked = account?.lockedUntil != null && account.lockedUntil > policy.now
      if (!account?.passwordHash || isLocked) return {outcome: 'refused'}
      if (await verify(account.passwordHash)) {
        if (account.failedLogins !== 0 || account.lockedUntil !== null) await this.all(statements.count, [0, null, id])
        return {outcome: 'accepted'}
      }
      // A lock whose time has passed starts the count again; the threshold-th failure takes the lock.
      const failedLogins = (account.lockedUntil === null ? account.failedLogins : 0) + 1
      const lockedUntil = failedLogins >= policy.threshold ? policy.lockUntil : null
      await this.all(statements.count, [failedLogins, lockedUntil, id])
      await this.all(LOGIN_FAILURE_AUDIT, [
        policy.now, policy.actor, lockedUntil ? 'login_locked' : 'login_failed', `failure ${failedLogins} of ${policy.threshold}`,
      ])
      return {outcome: 'wrong', failedLogins, isLocked: lockedUntil !== null}
    })
  }

  async recordTokenUse(tokenId: string, at: string): Promise<void> {
    await this.inLoginTransaction(() => this.all(TOKEN_USE, [at, tokenId]))
  }

  protected async get<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0]
  }

  async findAccount(kind: 'office' | 'reviewer', id: string): Promise<AccountRecord | null> {
    return this.remembered(`account\0${kind}\0${id}`, async () => {
      const row = await this.get<AccountRecord>(kind === 'office' ? READ_QUERIES.officeAccount : READ_QUERIES.reviewerAccount, [id])
      return row ?? null
    })
  }

  async findApplication(receiptNo: string): Promise<Application | null> {
    return this.remembered(`application\0${receiptNo}`, async () => {
      const [row] = await this.rows(READ_QUERIES.application, [receiptNo])
      if (!row) return null
      const [no, officeCode, status, version, submittedAt, timing, desiredDate, registrationDate, completedAt, remarks, contact, entries,
        supersedes, supersededBy, owner] = row as [string, string, string, number, string, string, Nullable, Nullable, Nullable, string, string, string,
        Nullable, Nullable, Nullable]
      return toApplication({
        receiptNo: no, officeCode, status, version: Number(version), submittedAt, timing, desiredDate, registrationDate, completedAt, remarks,
        contact: JSON.parse(contact), entries: JSON.parse(entries), supersedes, supersededBy, owner,
      })
    })
  }

  async findOffice(code: string): Promise<OfficeRecord | null> {
    return this.remembered(`office\0${code}`, async () => {
      const office = await this.get<Pick<OfficeEntity, 'code' | 'name' | 'adminName' | 'adminEmail' | 'locale'>>(READ_QUERIES.office, [code])
      if (!office) return null
      const userCodes = (await this.rows(READ_QUERIES.userCodes, [code])).map(row => {
        const [userCode, companyNameEn, officeNameEn, addressEn, managerNameEn, systemClass, industry] = row as string[]
        return {code: userCode, officeCode: office.code, companyNameEn, officeNameEn, addressEn, managerNameEn, systemClass, industry}
      })
      const userIds = userCodes.length === 0 ? [] : (await this.rows(READ_QUERIES.userIds, [code])).map(row => {
        const [userCode, ident, method] = row as string[]
        return {userCode, ident, method}
      })
      return toOfficeRecord(office, userCodes, userIds)
    })
  }

  async listLog(receiptNo: string): Promise<LogRecord[]> {
    return this.remembered(`log\0${receiptNo}`, async () => {
      return (await this.rows(READ_QUERIES.log, [receiptNo])).map(row => {
        const [item, at, notice, actor] = row as string[]
        return {item, at, notice, actor}
      })
    })
  }

  async listAttachments(receiptNo: string): Promise<AttachmentRecord[]> {
    return this.remembered(`attachments\0${receiptNo}`, async () => {
      return (await this.rows(READ_QUERIES.attachments, [receiptNo])).map(row => {
        const [id, filename, contentType, size] = row as [number, string, string, number]
        return {id: Number(id), filename, contentType, size: Number(size)}
      })
    })
  }

  async listMails(receiptNo: string): Promise<MailRecord[]> {
    return this.remembered(`mails\0${receiptNo}`, async () => {
      return (await this.rows(READ_QUERIES.mails, [receiptNo])).map(row => {
        const [kind, recipients, status, lastError, dataPurgedAt] = row as [string, string, string, Nullable, Nullable]
        return {kind, recipients: JSON.parse(recipients) as string[], status, lastError, dataPurgedAt}
      })
    })
  }

  async findApiToken(tokenHash: string): Promise<ApiTokenRecord | null> {
    return this.remembered(`token\0${tokenHash}`, async () => {
      const [row] = await this.rows(READ_QUERIES.apiToken, [tokenHash])
      if (!row) return null
      const [id, officeCode, reviewerId, readOnly, expiresAt, lastUsedAt, revokedAt] = row as [string, Nullable, Nullable, number, string, Nullable, Nullable]
      return {id, officeCode, reviewerId, readOnly: Number(readOnly), expiresAt, lastUsedAt, revokedAt}
    })
  }

  async findIssuedPasswords(receiptNo: string): Promise<{isSealed: boolean; visibleUntil: string} | null> {
    return this.remembered(`passwords\0${receiptNo}`, async () => {
      const [row] = await this.rows(READ_QUERIES.issuedPasswords, [receiptNo])
      return row ? {isSealed: row[0] !== null, visibleUntil: row[1] as string} : null
    })
  }

  async latestNews(officeCode: string, limit: number): Promise<NewsRecord[]> {
    return this.remembered(`news\0${officeCode}\0${limit}`, async () => {
      return this.all<NewsRecord>(READ_QUERIES.news, [officeCode, limit])
    })
  }

  async listApplications(filter: ApplicationListFilter, limit: number | null): Promise<{applications: ApplicationSummaryRecord[]; total: number}> {
    return this.remembered(`applications\0${JSON.stringify(filter)}\0${limit}`, async () => {
      const list = applicationListQuery(filter, limit)
      const applications = await this.all<ApplicationSummaryRecord>(list.sql, list.params)
      // Counting costs a second index range; skip it when the page already holds every match.
      if (limit === null || applications.length < limit) return {applications, total: applications.length}
      const count = applicationCountQuery(filter)
      // PostgreSQL's COUNT is a bigint, which `pg` hands over as a string.
      return {applications, total: Number((await this.get<{total: number | string}>(count.sql, count.params))!.total)}
    })
  }

  async listReviewQueue(filter: QueueFilter, limit: number | null): Promise<{applications: QueueRecord[]; total: number}> {
    return this.remembered(`queue\0${JSON.stringify(filter)}\0${limit}`, async () => {
      if (filter.statuses.length === 0) return {applications: [], total: 0}
      const list = reviewQueueQuery(filter, limit)
      const applications = await this.all<QueueRecord>(list.sql, list.params)
      if (limit === null || applications.length < limit) return {applications, total: applications.length}
      const count = reviewQueueCountQuery(filter)
      return {applications, total: Number((await this.get<{total: number | string}>(count.sql, count.params))!.total)}
    })
  }
}

/**
 * How many reads a server keeps at most (keepReadsWhileUnchanged) before it starts again: a few hundred
 * applications with their offices, tokens and lists — a few megabytes — however long nothing is written.
 */
export const MAX_KEPT_READS = 2000

/** Read models over one SQLite connection; see the file comment. */
export class SqliteReadModels extends StatementReadModels {
  private readonly statements = new Map<string, Statement>()
  /** The same, returning arrays (`rows`). */
  private readonly rawStatements = new Map<string, Statement>()
  /** One snapshot at a time on the one connection. */
  private readonly mutex = new Mutex()
  /** keepReadsWhileUnchanged: the reads kept, and the store state they were read in. */
  private keeps = false
  private readonly keptReads = new Map<string, unknown>()
  private keptVersion: number | undefined
  private keptWrites = 0
  private dataVersion?: Statement
  /** Write transactions committed (or tried) on this connection: its own writes, which data_version does not count. */
  private writes = 0

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
        throw new InfrastructureError(text('store.needsMigrating'))
      }
    } catch (error) {
      db.close()
      throw error
    }
    return new SqliteReadModels(db)
  }

  /**
   * One deferred read transaction (WAL readers keep their snapshot while another process writes).
   * With keepReadsWhileUnchanged, its first statement is `PRAGMA data_version`, which begins the read
   * transaction and tells whether any other connection — another process, or this process's TypeORM
   * connection — committed since the reads kept were read; this connection's own writes (a login's
   * count, a token's last use) it does not count, so they are counted here. Unchanged: the kept reads
   * are what this snapshot would read, and are answered from memory (docs/performance.md: the desk
   * server's status of one application read eleven statements a request).
   */
  inSnapshot<T>(work: (reads: ReadModels) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.statement('BEGIN').run()
      try {
        if (this.keeps) this.kept = this.keptReadsNow()
        return await work(this)
      } finally {
        this.kept = undefined
        this.statement('COMMIT').run()
      }
    })
  }

  override keepReadsWhileUnchanged(): void {
    this.keeps = true
  }

  /** The kept reads, emptied first when the store changed since they were read (or when they grew past MAX_KEPT_READS). */
  private keptReadsNow(): Map<string, unknown> {
    const version = (this.dataVersion ??= this.db.prepare('PRAGMA data_version').pluck()).get() as number
    if (version !== this.keptVersion || this.writes !== this.keptWrites || this.keptReads.size >= MAX_KEPT_READS) {
      this.keptReads.clear()
      this.keptVersion = version
      this.keptWrites = this.writes
    }
    return this.keptReads
  }

  async close(): Promise<void> {
    this.db.close()
  }

  /** SQLite has no row locks: `BEGIN IMMEDIATE` takes the store's write lock (waiting up to the busy timeout). */
  protected readonly lockRowClause = ''

  protected inLoginTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      // Counted before it begins: whether it commits or not, what was kept may no longer be the store.
      this.writes++
      this.statement('BEGIN IMMEDIATE').run()
      try {
        const result = await work()
        this.statement('COMMIT').run()
        return result
      } catch (error) {
        if (this.db.inTransaction) this.statement('ROLLBACK').run()
        throw error
      }
    })
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) this.statements.set(sql, statement = this.db.prepare(sql))
    return statement
  }

  protected async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.statement(sql).all(...params) as T[]
  }

  protected async rows(sql: string, params: unknown[]): Promise<unknown[][]> {
    let statement = this.rawStatements.get(sql)
    if (!statement) this.rawStatements.set(sql, statement = this.db.prepare(sql).raw(true))
    return statement.all(...params) as unknown[][]
  }
}

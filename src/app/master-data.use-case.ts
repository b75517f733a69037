import {text} from '../domain/messages/text'
import {hasControlCharacters} from '../domain/control-characters'
import {In, IsNull, LessThanOrEqual} from 'typeorm'
import type {EntityManager} from 'typeorm'
import {InvalidInputError, type IssueInput, NotFoundError, PermissionError} from '../domain/errors'
import {tokyoDateOf} from '../domain/japan-time'
import type {OfficeRecord} from '../domain/master-data'
import {formatUserId} from '../domain/vocabulary'
import {lockedForUpdate} from '../store/claims'
import {OfficeEntity, ReviewerEntity, ScheduledChangeEntity, UserCodeEntity, UserIdEntity} from '../store/entities'
import {loadOfficeRecord} from '../store/repositories'
import type {Actor} from './actor'
import type {DeskContext} from './context'
import {isMailAddress} from '../domain/mail-address'
import {hashPassword} from './password-hash'
import {passwordPolicyIssues} from '../domain/password-policy'
import type {ImportResult, OfficeView} from './views'

/**
 * nss office import: upserts offices, user codes and user IDs in one transaction (SPEC §2). Nothing is
 * deleted: an application may still name a user ID the file no longer lists. A user code that belongs
 * to another office is refused, since a user code belongs to one office.
 */
export async function importOffices(ctx: DeskContext, offices: OfficeRecord[]): Promise<ImportResult> {
  return ctx.store.write(async manager => {
    const codes = offices.flatMap(o => o.userCodes.map(u => ({office: o.code, code: u.code})))
    const existing = codes.length === 0 ? [] : await manager.findBy(UserCodeEntity, {code: In(codes.map(c => c.code))})
    const issues: IssueInput[] = []
    for (const {office, code} of codes) {
      const owner = existing.find(e => e.code === code)?.officeCode
      if (owner && owner !== office) issues.push({path: `${office}.${code}`, message: text('app.userCodeOfOther', {code, owner})})
    }
    if (issues.length > 0) throw new InvalidInputError(text('app.masterDataConflict'), issues)

    let userIds = 0
    for (const office of offices) {
      const current = await manager.findOneBy(OfficeEntity, {code: office.code})
      await manager.save(Object.assign(current ?? new OfficeEntity(), {
        code: office.code, name: office.name, adminName: office.adminName, adminEmail: office.adminEmail, locale: office.locale,
        ...(current ? {} : {passwordHash: null, failedLogins: 0, lockedUntil: null}),
      }))
      for (const userCode of office.userCodes) {
        const {userIds: ids, ...fields} = userCode
        await manager.save(Object.assign(new UserCodeEntity(), {...fields, officeCode: office.code}))
        for (const id of ids) {
          await manager.save(Object.assign(new UserIdEntity(), {
            userId: formatUserId(userCode.code, id.ident), userCode: userCode.code, ident: id.ident, method: id.method,
          }))
          userIds++
        }
      }
    }
    return {offices: offices.length, userCodes: codes.length, userIds}
  })
}

/** Makes approved registration changes current once their date has come (SPEC §2). */
export async function applyDueRegistrationChanges(manager: EntityManager, now: Date): Promise<number> {
  // Locked (PostgreSQL): a daemon and `nss office show` may apply at once; the second waits, and
  // PostgreSQL re-reads `appliedAt` of the rows it waited for, so each change is applied once, in order.
  const due = await manager.find(ScheduledChangeEntity, {
    where: {appliedAt: IsNull(), effectiveDate: LessThanOrEqual(tokyoDateOf(now))},
    order: {effectiveDate: 'ASC', id: 'ASC'},
    ...lockedForUpdate(manager),
  })
  for (const change of due) {
    await manager.update(UserCodeEntity, {code: change.userCode}, change.changes)
    await manager.update(ScheduledChangeEntity, {id: change.id}, {appliedAt: now.toISOString()})
  }
  return due.length
}

/** nss office show: current values and scheduled changes (due changes are applied first). */
export async function showOffice(ctx: DeskContext, code: string): Promise<OfficeView> {
  const officeCode = code.normalize('NFKC').trim().toUpperCase()
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    await applyDueRegistrationChanges(manager, now)
    const office = await loadOfficeRecord(manager, officeCode)
    if (!office) throw new NotFoundError(text('app.noOffice', {office: officeCode}))
    const entity = await manager.findOneByOrFail(OfficeEntity, {code: officeCode})
    const scheduled = await manager.find(ScheduledChangeEntity, {
      where: {appliedAt: IsNull(), userCode: In(office.userCodes.map(u => u.code))}, order: {effectiveDate: 'ASC'},
    })
    return {
      code: office.code, name: office.name, adminName: office.adminName, adminEmail: office.adminEmail,
      locale: office.locale, hasPassword: entity.passwordHash !== null,
      userCodes: office.userCodes.map(u => ({
        code: u.code, companyNameEn: u.companyNameEn, officeNameEn: u.officeNameEn, addressEn: u.addressEn,
        managerNameEn: u.managerNameEn, systemClass: u.systemClass, industry: u.industry,
        userIds: u.userIds.map(i => ({ident: i.ident, userId: formatUserId(u.code, i.ident), method: i.method})),
        scheduled: scheduled.filter(s => s.userCode === u.code)
          .map(s => ({receiptNo: s.receiptNo, effectiveDate: s.effectiveDate, changes: s.changes})),
      })),
    }
  })
}

/**
 * 契約内容確認 (issue 13): the contract an actor may see. An office sees its own — without a code, or
 * with its own code — and another office's code is exit 4 before any lookup, so an office cannot learn
 * which codes exist. A reviewer reviews every office's applications, so it sees any office it names.
 * The view holds no secret: of the password only whether one is set.
 */
export async function showContract(ctx: DeskContext, actor: Actor, code: string | undefined): Promise<OfficeView> {
  const named = code?.normalize('NFKC').trim().toUpperCase()
  if (actor.kind === 'office') {
    if (named && named !== actor.code) throw new PermissionError(text('app.ownContractOnly', {office: actor.code, named}))
    return showOffice(ctx, actor.code)
  }
  if (!named) throw new InvalidInputError(text('app.reviewerNamesOffice'), [{path: 'code', message: text('app.requiredForReviewer')}])
  return showOffice(ctx, named)
}

/** nss office passwd: sets an office's login password (from NSS_PASSWORD or a prompt, never a flag). */
export async function setOfficePassword(ctx: DeskContext, code: string, password: string): Promise<{office: string}> {
  const officeCode = code.normalize('NFKC').trim().toUpperCase()
  const issues = passwordPolicyIssues(password, {accountId: officeCode})
  if (issues.length > 0) throw new InvalidInputError(text('app.passwordRefused'), issues)
  const passwordHash = await hashPassword(password)
  return ctx.store.write(async manager => {
    const result = await manager.update(OfficeEntity, {code: officeCode}, {passwordHash, failedLogins: 0, lockedUntil: null})
    if (result.affected !== 1) throw new NotFoundError(text('app.noOffice', {office: officeCode}))
    return {office: officeCode}
  })
}

const REVIEWER_ID_PATTERN = /^[A-Za-z0-9._-]{1,40}$/

/** A reviewer as `nss reviewer add / set / list` show it: never its password hash. */
export interface ReviewerView {
  reviewer: string
  name: string
  /** Where the staff's notices reach it (issue 14), or null. */
  email: string | null
  hasPassword: boolean
}

function checkReviewerName(name: string, issues: IssueInput[]): string {
  const cleanName = name.normalize('NFKC').trim()
  if (cleanName === '' || [...cleanName].length > 60) issues.push({path: 'name', message: text('app.nameRequired', {max: 60})})
  if (/[\t\n\r]/.test(cleanName) || hasControlCharacters(cleanName)) {
    issues.push({path: 'name', message: text('app.nameControlChars')})
  }
  return cleanName
}

/** A reviewer's address: one bare mail address; '' is none (null). */
function checkReviewerEmail(email: string, issues: IssueInput[]): string | null {
  const clean = email.trim()
  if (clean === '') return null
  if (!isMailAddress(clean)) issues.push({path: 'email', message: text('app.oneMailAddress')})
  return clean
}

const toReviewerView = (row: ReviewerEntity): ReviewerView =>
  ({reviewer: row.id, name: row.name, email: row.email ?? null, hasPassword: row.passwordHash !== null})

/**
 * nss reviewer add: creates (or resets the password of) a reviewer account. `email` (issue 14) sets its
 * address for the staff's notices; left out, an existing reviewer keeps the one it has.
 */
export async function addReviewer(ctx: DeskContext, id: string, name: string, password: string, email?: string): Promise<ReviewerView> {
  const issues: IssueInput[] = []
  if (!REVIEWER_ID_PATTERN.test(id)) issues.push({path: 'id', message: text('app.reviewerIdForm')})
  const cleanName = checkReviewerName(name, issues)
  const cleanEmail = email === undefined ? undefined : checkReviewerEmail(email, issues)
  issues.push(...passwordPolicyIssues(password, {accountId: id}))
  if (issues.length > 0) throw new InvalidInputError(text('app.invalidReviewer'), issues)
  const passwordHash = await hashPassword(password)
  return ctx.store.write(async manager => {
    const existing = await manager.findOneBy(ReviewerEntity, {id})
    const row = Object.assign(new ReviewerEntity(), {
      id, name: cleanName, passwordHash, failedLogins: 0, lockedUntil: null,
      email: cleanEmail === undefined ? existing?.email ?? null : cleanEmail,
    })
    await manager.save(row)
    return toReviewerView(row)
  })
}

/** nss reviewer set: changes a reviewer's name or address (issue 14); '' removes the address. */
export async function setReviewer(ctx: DeskContext, id: string, changes: {name?: string; email?: string}): Promise<ReviewerView> {
  const issues: IssueInput[] = []
  const update: Partial<ReviewerEntity> = {}
  if (changes.name !== undefined) update.name = checkReviewerName(changes.name, issues)
  if (changes.email !== undefined) update.email = checkReviewerEmail(changes.email, issues)
  if (changes.name === undefined && changes.email === undefined) issues.push({path: 'argv', message: text('app.giveNameOrEmail')})
  if (issues.length > 0) throw new InvalidInputError(text('app.invalidReviewer'), issues)
  return ctx.store.write(async manager => {
    const result = await manager.update(ReviewerEntity, {id}, update)
    if (result.affected !== 1) throw new NotFoundError(text('app.noReviewer', {id}))
    return toReviewerView((await manager.findOneBy(ReviewerEntity, {id}))!)
  })
}

/** nss reviewer list: every reviewer, by ID. */
export async function listReviewers(ctx: DeskContext): Promise<ReviewerView[]> {
  return ctx.store.read(async manager => (await manager.find(ReviewerEntity, {order: {id: 'ASC'}})).map(toReviewerView))
}

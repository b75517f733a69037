import type {EntityManager} from 'typeorm'
import type {Application} from '../domain/application'
import {ConflictError} from '../domain/errors'
import {text} from '../domain/messages/text'
import type {OfficeRecord} from '../domain/master-data'
import {formatReceiptNo, receiptYearOf} from '../domain/receipt-number'
import {isPostgres} from './claims'
import {ApplicationEntity, OfficeEntity, ReceiptCounterEntity, UserCodeEntity, UserIdEntity} from './entities'
import {toApplication, toOfficeRecord} from './read-models'

/** An office with its user codes and user IDs, as the domain sees it. */
export async function loadOfficeRecord(manager: EntityManager, code: string): Promise<OfficeRecord | null> {
  const office = await manager.findOneBy(OfficeEntity, {code})
  if (!office) return null
  const userCodes = await manager.find(UserCodeEntity, {where: {officeCode: code}, order: {code: 'ASC'}})
  const codes = userCodes.map(u => u.code)
  const userIds = codes.length === 0 ? [] : await manager
    .createQueryBuilder(UserIdEntity, 'u')
    .where('u.userCode IN (:...codes)', {codes})
    .orderBy('u.userCode').addOrderBy('u.ident')
    .getMany()
  return toOfficeRecord(office, userCodes, userIds)
}

// The row mapping is shared with the read models (read-models.ts), which must not load TypeORM.
export {toApplication}

/** The row to insert for a new application. */
export function toApplicationRow(app: Application, now: Date): ApplicationEntity {
  return Object.assign(new ApplicationEntity(), {
    receiptNo: app.receiptNo,
    officeCode: app.officeCode,
    status: app.status,
    version: app.version,
    submittedAt: app.submittedAt.toISOString(),
    timing: app.timing,
    desiredDate: app.desiredDate,
    registrationDate: app.registrationDate,
    completedAt: app.completedAt?.toISOString() ?? null,
    remarks: app.remarks,
    contact: app.contact,
    entries: app.entries,
    supersedes: app.supersedes,
    supersededBy: app.supersededBy,
    owner: app.owner,
    updatedAt: now.toISOString(),
  })
}

/**
 * Allocates the next receipt number of the submission's year in Japan (SPEC §5), inside the caller's
 * write transaction: the counter row is created if missing (`ON CONFLICT DO NOTHING` / `OR IGNORE`),
 * then incremented in place. The increment locks the year's row until the transaction ends — on
 * SQLite the whole store is (BEGIN IMMEDIATE), on PostgreSQL the row (UPDATE … RETURNING, where a
 * second writer waits and then increments the committed value) — so no two applications share a number.
 */
export async function allocateReceiptNo(manager: EntityManager, submittedAt: Date): Promise<string> {
  const year = receiptYearOf(submittedAt)
  await manager.createQueryBuilder().insert().into(ReceiptCounterEntity)
    .values({year, lastSequence: 0}).orIgnore().execute()
  const increment = manager.createQueryBuilder().update(ReceiptCounterEntity)
    .set({lastSequence: () => '"lastSequence" + 1'})
    .where('"year" = :year', {year})
  if (isPostgres(manager)) {
    const {raw} = await increment.returning('"lastSequence"').execute()
    return formatReceiptNo(year, (raw as {lastSequence: number}[])[0].lastSequence)
  }
  await increment.execute()
  const counter = await manager.findOneByOrFail(ReceiptCounterEntity, {year})
  return formatReceiptNo(year, counter.lastSequence)
}

/**
 * Writes a transition: succeeds only if the application still has the status and version that were
 * read (optimistic locking, SPEC §4); otherwise nothing changes and the caller gets a conflict.
 */
export async function updateApplication(
  manager: EntityManager, app: Application, changes: Partial<ApplicationEntity>, now: Date,
): Promise<void> {
  const result = await manager.createQueryBuilder().update(ApplicationEntity)
    .set({...changes, version: app.version + 1, updatedAt: now.toISOString()})
    .where('"receiptNo" = :receiptNo AND "version" = :version AND "status" = :status',
      {receiptNo: app.receiptNo, version: app.version, status: app.status})
    .execute()
  if (result.affected !== 1) {
    throw new ConflictError(text('store.changedMeanwhile', {receiptNo: app.receiptNo}))
  }
}

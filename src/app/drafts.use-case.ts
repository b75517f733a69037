/**
 * Drafts (一時保存, issue 13): the seed's 「申込内容を一時保存する」 on the application screen and
 * 「申込内容を一時的に保存する」 on the amendment screen. An office keeps an unfinished application, or
 * an unfinished amendment of one of its applications under query, and comes back to it:
 *
 * - `save` checks the form only (src/domain/draft-form.ts): a draft that breaks a rule is kept;
 * - `show` gives the draft and every problem a submission would meet: the dry run's checks
 *   (src/app/dry-run.use-case.ts previewIn) in a read-only transaction;
 * - `submit` is apply / amend itself, with the same result, and deletes the draft in the same
 *   transaction: with a problem nothing is registered and the draft stays; a second submit finds no draft.
 *
 * Drafts are one office's own: another office's id is refused as another office's application is
 * (exit 4). An amendment draft whose application is no longer under query is gone, as is a draft not
 * saved for NSS_DRAFT_DAYS: every read treats them as not found, and the daemon's housekeeping deletes
 * them (purgeDrafts).
 */
import {text} from '../domain/messages/text'
import {randomBytes} from 'node:crypto'
import type {EntityManager} from 'typeorm'
import {checkDraftForm} from '../domain/draft-form'
import {InvalidInputError, NotFoundError, PermissionError} from '../domain/errors'
import {decideTransition} from '../domain/lifecycle'
import {ApplicationEntity, DraftEntity} from '../store/entities'
import {loadApplicationFor} from './application-access'
import {amendInTransaction} from './amend.use-case'
import {applyInTransaction, loadActingOffice, OfficeActor} from './apply.use-case'
import {localeOfReader, type DeskContext} from './context'
import {previewIn} from './dry-run.use-case'
import {retentionCutoff} from './retention'
import type {ApplicationPreview, SubmissionResult} from './views'

/** How many drafts an office may keep at once. */
export const MAX_DRAFTS_PER_OFFICE = 100

/** A draft as `nss draft list` shows it. */
export interface DraftSummary {
  draftId: string
  office: string
  /** `amendment`: of the application `receiptNo`, under query. */
  kind: 'application' | 'amendment'
  receiptNo: string | null
  createdAt: string
  updatedAt: string
  /** When the daemon deletes it if it is not saved again (NSS_DRAFT_DAYS after updatedAt). */
  expiresAt: string
  /** The size of its content as JSON, in bytes. */
  bytes: number
}

/** nss draft save: the draft as kept. */
export interface DraftSaved extends DraftSummary {
  /** false: an existing draft (--draft ID) was overwritten. */
  isNew: boolean
}

/** nss draft list */
export interface DraftList {
  office: string
  drafts: DraftSummary[]
  /** NSS_DRAFT_DAYS */
  draftDays: number
}

/** nss draft show: the draft, and every problem its submission would meet. */
export interface DraftView extends DraftSummary {
  /** The application, or the amendment's patch, as saved. */
  content: unknown
  /** Whether `nss draft submit` would be accepted as it is. */
  valid: boolean
  problems: {path: string; message: string}[]
  /** What a submission would register (the 確認 screen); null when it would be refused. */
  preview: ApplicationPreview | null
}

/** nss draft delete */
export interface DraftDeleted {
  draftId: string
  deleted: true
}

function newDraftId(): string {
  return `D${randomBytes(8).toString('hex').toUpperCase()}`
}

function summaryOf(row: DraftEntity, draftDays: number): DraftSummary {
  return {
    draftId: row.id, office: row.officeCode, kind: row.receiptNo === null ? 'application' : 'amendment', receiptNo: row.receiptNo,
    createdAt: row.createdAt, updatedAt: row.updatedAt,
    expiresAt: new Date(Date.parse(row.updatedAt) + draftDays * 24 * 60 * 60 * 1000).toISOString(),
    bytes: Buffer.byteLength(row.content, 'utf8'),
  }
}

/** Whether a draft is gone: not saved for NSS_DRAFT_DAYS, or an amendment whose application left query. */
async function isGone(manager: EntityManager, row: DraftEntity, cutoff: string): Promise<boolean> {
  if (row.updatedAt < cutoff) return true
  if (row.receiptNo === null) return false
  const app = await manager.findOneBy(ApplicationEntity, {receiptNo: row.receiptNo})
  return app?.status !== 'query'
}

/** The actor's draft `draftId`, in the caller's transaction: not found (exit 3) when there is none or it is gone, exit 4 when another office's. */
async function loadDraftFor(manager: EntityManager, ctx: DeskContext, actor: OfficeActor, draftId: string, now: Date): Promise<DraftEntity> {
  const row = await manager.findOneBy(DraftEntity, {id: draftId})
  if (!row) throw new NotFoundError(text('app.noDraft', {draftId}))
  if (row.officeCode !== actor.code) throw new PermissionError(text('app.notOwnDraft', {draftId, office: actor.code}))
  if (await isGone(manager, row, retentionCutoff(now, ctx.config.draftDays))) {
    throw new NotFoundError(row.receiptNo !== null && row.updatedAt >= retentionCutoff(now, ctx.config.draftDays)
      ? text('app.draftGoneClosed', {draftId, receiptNo: row.receiptNo})
      : text('app.draftGoneOld', {draftId, days: ctx.config.draftDays}))
  }
  return row
}

export interface DraftSave {
  content: unknown
  /** Of an amendment of this application (under query). */
  receiptNo?: string
  /** Overwrite this draft. */
  draftId?: string
}

/** nss draft save --file F [--receipt R] [--draft ID] */
export async function saveDraft(ctx: DeskContext, actor: OfficeActor, save: DraftSave): Promise<DraftSaved> {
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const office = await loadActingOffice(manager, actor)
    const existing = save.draftId === undefined ? null : await loadDraftFor(manager, ctx, actor, save.draftId, now)
    if (existing && save.receiptNo !== undefined && save.receiptNo !== existing.receiptNo) {
      throw new InvalidInputError(existing.receiptNo === null ? text('app.draftIsNew', {draftId: existing.id}) : text('app.draftIsAmendment', {draftId: existing.id, receiptNo: existing.receiptNo}), [
        {path: 'receipt', message: existing.receiptNo === null ? text('app.draftLeaveOutReceipt') : text('app.draftReceiptOf', {receiptNo: existing.receiptNo})},
      ])
    }
    const receiptNo = existing ? existing.receiptNo : save.receiptNo ?? null
    checkDraftForm(save.content, receiptNo !== null, localeOfReader(ctx, office))
    if (receiptNo !== null && !existing) {
      // An amendment is of the office's own application, under query: amend's own refusals (exit 3 / 4 / 5).
      const original = await loadApplicationFor(manager, actor, receiptNo)
      decideTransition(original.status, 'amend', actor.kind)
    }
    const content = JSON.stringify(save.content)
    const at = now.toISOString()
    if (existing) {
      await manager.update(DraftEntity, {id: existing.id}, {content, updatedAt: at})
      return {...summaryOf({...existing, content, updatedAt: at}, ctx.config.draftDays), isNew: false}
    }
    const count = await manager.countBy(DraftEntity, {officeCode: office.code})
    if (count >= MAX_DRAFTS_PER_OFFICE) {
      throw new InvalidInputError(text('app.draftsFull', {office: office.code, max: MAX_DRAFTS_PER_OFFICE}), [{path: 'draft', message: text('app.draftsAtMost', {max: MAX_DRAFTS_PER_OFFICE})}])
    }
    const row: DraftEntity = {id: newDraftId(), officeCode: office.code, receiptNo, content, createdAt: at, updatedAt: at}
    await manager.insert(DraftEntity, row)
    return {...summaryOf(row, ctx.config.draftDays), isNew: true}
  })
}

/** nss draft list: the office's drafts, the latest saved first; gone ones are left out. */
export async function listDrafts(ctx: DeskContext, actor: OfficeActor): Promise<DraftList> {
  const now = ctx.clock.now()
  const cutoff = retentionCutoff(now, ctx.config.draftDays)
  return ctx.store.read(async manager => {
    const office = await loadActingOffice(manager, actor)
    const rows = await manager.find(DraftEntity, {where: {officeCode: office.code}, order: {updatedAt: 'DESC', id: 'ASC'}})
    const drafts: DraftSummary[] = []
    for (const row of rows) if (!await isGone(manager, row, cutoff)) drafts.push(summaryOf(row, ctx.config.draftDays))
    return {office: office.code, drafts, draftDays: ctx.config.draftDays}
  })
}

/** nss draft show ID: the draft and every problem a submission would meet, nothing written. */
export async function showDraft(ctx: DeskContext, actor: OfficeActor, draftId: string): Promise<DraftView> {
  const now = ctx.clock.now()
  return ctx.store.readOnly(async manager => {
    const row = await loadDraftFor(manager, ctx, actor, draftId, now)
    const content = JSON.parse(row.content) as unknown
    const check = await previewIn(manager, ctx, actor, row.receiptNo, content, now)
    return {...summaryOf(row, ctx.config.draftDays), content, valid: check.valid, problems: check.issues, preview: check.preview}
  })
}

/** nss draft submit ID: apply / amend with the draft, which is deleted in the same transaction (kept when refused). */
export async function submitDraft(ctx: DeskContext, actor: OfficeActor, draftId: string): Promise<SubmissionResult> {
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const row = await loadDraftFor(manager, ctx, actor, draftId, now)
    const content = JSON.parse(row.content) as unknown
    const result = row.receiptNo === null
      ? await applyInTransaction(manager, ctx, actor, content, now)
      : await amendInTransaction(manager, ctx, actor, row.receiptNo, content, now)
    const {affected} = await manager.delete(DraftEntity, {id: row.id})
    // Submitted meanwhile by another call: this one must not register it a second time.
    if (!affected) throw new NotFoundError(text('app.noDraft', {draftId}))
    return result
  })
}

/** nss draft delete ID */
export async function deleteDraft(ctx: DeskContext, actor: OfficeActor, draftId: string): Promise<DraftDeleted> {
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const row = await loadDraftFor(manager, ctx, actor, draftId, now)
    await manager.delete(DraftEntity, {id: row.id})
    return {draftId: row.id, deleted: true}
  })
}

/**
 * The daemon's housekeeping (src/app/daemon.use-case.ts): deletes the drafts not saved for
 * NSS_DRAFT_DAYS and the amendment drafts whose application is no longer under query. Returns how many.
 */
export async function purgeDrafts(ctx: DeskContext, now: Date): Promise<number> {
  const cutoff = retentionCutoff(now, ctx.config.draftDays)
  return ctx.store.write(async manager => {
    const {affected} = await manager.createQueryBuilder().delete().from(DraftEntity)
      .where('"updatedAt" < :cutoff', {cutoff})
      .orWhere(`("receiptNo" IS NOT NULL AND "receiptNo" NOT IN (SELECT a."receiptNo" FROM "applications" a WHERE a."status" = 'query'))`)
      .execute()
    return affected ?? 0
  })
}

import {text} from '../domain/messages/text'
import type {EntityManager} from 'typeorm'
import type {Application, ApplicationContent} from '../domain/application'
import {validateApplication} from '../domain/application-schema'
import {NotFoundError} from '../domain/errors'
import {tokyoDateOf} from '../domain/japan-time'
import {decideTransition, Transition} from '../domain/lifecycle'
import type {OfficeRecord} from '../domain/master-data'
import {ApplicationEntity} from '../store/entities'
import {allocateReceiptNo, loadOfficeRecord, toApplicationRow} from '../store/repositories'
import type {Actor} from './actor'
import {localeOfReader, type DeskContext} from './context'
import {notifyStaff} from './staff-notices'
import {applyEffects} from './effects'
import {oncePerKey} from './idempotency'
import type {SubmissionResult} from './views'

export type OfficeActor = Extract<Actor, {kind: 'office'}>

/** The office of an authenticated office actor, with its master data. */
export async function loadActingOffice(manager: EntityManager, actor: OfficeActor): Promise<OfficeRecord> {
  const office = await loadOfficeRecord(manager, actor.code)
  if (!office) throw new NotFoundError(text('app.noOffice', {office: actor.code}))
  return office
}

/** Validates a submission against the office's master data as of `now` (SPEC §3). */
export function validateSubmission(ctx: DeskContext, office: OfficeRecord, input: unknown, now: Date): ApplicationContent {
  return validateApplication(input, {
    locale: localeOfReader(ctx, office),
    office,
    submissionDate: tokyoDateOf(now),
    calendar: ctx.calendar,
    minLeadBusinessDays: ctx.config.minLeadBusinessDays,
  })
}

/** Stores a validated application under a new receipt number, status `received` (SPEC §4, §5). */
export async function registerApplication(
  manager: EntityManager, office: OfficeRecord, content: ApplicationContent,
  now: Date, supersedes: string | null, owner: string | null = null,
): Promise<Application> {
  const app: Application = {
    ...content,
    receiptNo: await allocateReceiptNo(manager, now),
    officeCode: office.code,
    status: 'received',
    version: 1,
    submittedAt: now,
    registrationDate: null,
    completedAt: null,
    supersedes,
    supersededBy: null,
    owner,
  }
  await manager.insert(ApplicationEntity, toApplicationRow(app, now))
  return app
}

/** A submission checked and ready to register: the acting office, the validated content, the lifecycle row. */
export interface PreparedSubmission {
  office: OfficeRecord
  content: ApplicationContent
  transition: Transition
}

/**
 * Every check of `nss apply` (the office, SPEC §3's schema and master data, the lifecycle), in the
 * caller's transaction, writing nothing: the real apply registers what this returns, and the dry run
 * (src/app/dry-run.use-case.ts) shows it, so the two cannot check differently.
 */
export async function prepareApplication(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, input: unknown, now: Date,
): Promise<PreparedSubmission> {
  const office = await loadActingOffice(manager, actor)
  const content = validateSubmission(ctx, office, input, now)
  const transition = decideTransition(null, 'apply', actor.kind)
  return {office, content, transition}
}

/** How a submission is made: with an idempotency key, a retry gets the first call's result (src/app/idempotency.ts). */
export interface SubmissionOptions {
  idempotencyKey?: string
}

/** nss apply: validate and register a new application (SPEC §4 `apply`). */
export async function applyForSettings(ctx: DeskContext, actor: OfficeActor, input: unknown, options: SubmissionOptions = {}): Promise<SubmissionResult> {
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const apply = () => applyInTransaction(manager, ctx, actor, input, now)
    if (options.idempotencyKey === undefined) return apply()
    return oncePerKey(manager, actor.code, {key: options.idempotencyKey, verb: 'apply', receiptNo: null, body: input}, now, apply)
  })
}

/** The application inside the caller's transaction: nss apply's own, or a draft's submission (src/app/drafts.use-case.ts). */
export async function applyInTransaction(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, input: unknown, now: Date,
): Promise<SubmissionResult> {
  const {office, content, transition} = await prepareApplication(manager, ctx, actor, input, now)
  const app = await registerApplication(manager, office, content, now, null)
  await applyEffects(manager, ctx, transition, app, office, actor, now)
  await notifyStaff(manager, ctx, 'new-application', app, now)
  return {receiptNo: app.receiptNo, status: 'received', supersedes: null}
}

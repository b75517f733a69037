import type {EntityManager} from 'typeorm'
import {applyAmendPatch} from '../domain/amend-patch'
import type {Application} from '../domain/application'
import {decideTransition, Transition} from '../domain/lifecycle'
import type {OfficeRecord} from '../domain/master-data'
import {AMENDMENT_NOTICES} from '../domain/vocabulary'
import {updateApplication} from '../store/repositories'
import {loadApplicationFor} from './application-access'
import {loadActingOffice, OfficeActor, PreparedSubmission, registerApplication, SubmissionOptions, validateSubmission} from './apply.use-case'
import {recordAudit} from './audit'
import {localeOfReader, type DeskContext} from './context'
import {notifyStaff} from './staff-notices'
import {applyEffects, mailDataOf, writeLog} from './effects'
import {oncePerKey} from './idempotency'
import {enqueueMail} from './outbox'
import type {SubmissionResult} from './views'

/**
 * nss amend: an application under query is amended as a new application with a new receipt number;
 * the original becomes `superseded` (SPEC §4; the seed: 2101910C was amended as 2101932C). The patch
 * changes only the fields it names, and the result is validated as a new submission.
 */
export async function amendApplication(
  ctx: DeskContext, actor: OfficeActor, receiptNo: string, patch: unknown, options: SubmissionOptions = {},
): Promise<SubmissionResult> {
  const now = ctx.clock.now()
  return ctx.store.write(manager => {
    const amend = () => amendInTransaction(manager, ctx, actor, receiptNo, patch, now)
    if (options.idempotencyKey === undefined) return amend()
    // The key is checked before the application's state: a retry of an amendment that went through
    // finds the original superseded, and must get the amendment's result, not a conflict.
    return oncePerKey(manager, actor.code, {key: options.idempotencyKey, verb: 'amend', receiptNo, body: patch}, now, amend)
  })
}

/** An amendment checked and ready to register: the original it replaces, and its lifecycle row. */
export interface PreparedAmendment extends PreparedSubmission {
  original: Application
  /** The original's row (query → superseded); the new application's is `apply`'s. */
  transition: Transition
}

/**
 * Every check of `nss amend` in the caller's transaction, writing nothing: the application is the
 * actor's own (else not found / exit 4, src/app/actor.ts checkAccess), under query (SPEC §4), and the
 * patched application valid as a new submission. The amendment and its dry run both start here.
 */
export async function prepareAmendment(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, receiptNo: string, patch: unknown, now: Date,
): Promise<PreparedAmendment> {
  const original = await loadApplicationFor(manager, actor, receiptNo)
  const transition = decideTransition(original.status, 'amend', actor.kind)
  const office = await loadActingOffice(manager, actor)
  const content = validateSubmission(ctx, office, applyAmendPatch(original, patch, localeOfReader(ctx, office)), now)
  return {original, transition, office, content}
}

/** The amendment inside the caller's transaction: the CLI's own, or the mail bot's (SPEC §11 step 6). */
export async function amendInTransaction(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, receiptNo: string, patch: unknown, now: Date,
  mailExtra: Record<string, unknown> = {},
): Promise<SubmissionResult> {
  const {original, transition, office, content} = await prepareAmendment(manager, ctx, actor, receiptNo, patch, now)
  // The reviewer who had the original has its amendment (issue 14): the same case, under a new number.
  const amended = await registerApplication(manager, office, content, now, original.receiptNo, original.owner)
  await updateApplication(manager, original, {status: transition.to, supersededBy: amended.receiptNo}, now)

  const notices = AMENDMENT_NOTICES[office.locale]
  await writeLog(manager, original.receiptNo, transition.log, now, actor, notices.amendedTo(amended.receiptNo))
  await recordAudit(manager, now, actor, 'amend', original.receiptNo, `amended as ${amended.receiptNo}`)
  const apply = decideTransition(null, 'apply', actor.kind)
  await applyEffects(manager, ctx, {...apply, log: 'apply_amendment'}, amended, office, actor, now,
    notices.amendedFrom(original.receiptNo), {supersedes: original.receiptNo, ...mailExtra})
  await noticeContactEmailChange(manager, ctx, original, amended, office, now)
  await notifyStaff(manager, ctx, 'amendment', amended, now)
  return {receiptNo: amended.receiptNo, status: 'received', supersedes: original.receiptNo}
}

/**
 * A change of the contact's e-mail address is told to the address it replaces and to the administrator
 * (issue 11 point 2), in the same transaction: whoever changed it, the people who held it hear of it.
 * The new address gets the amendment's receipt mail as usual. (By mail the change is refused before
 * this point: src/domain/reply-form.ts contactEmailChangeIssue.)
 */
async function noticeContactEmailChange(
  manager: EntityManager, ctx: DeskContext, original: Application, amended: Application, office: OfficeRecord, now: Date,
): Promise<void> {
  const before = original.contact.email
  if (before.trim().toLowerCase() === amended.contact.email.trim().toLowerCase()) return
  await enqueueMail(manager, ctx.config, {
    kind: 'contact-changed',
    receiptNo: amended.receiptNo,
    locale: office.locale,
    recipients: [...new Set([before, office.adminEmail])],
    data: {...mailDataOf(amended, office), previousContactEmail: before, supersedes: original.receiptNo},
  }, now)
}

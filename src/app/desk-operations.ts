/**
 * The office and reviewer verbs as data (issue 12): what `nss apply`, `status`, `amend`, `withdraw` and
 * `review` ask of the desk, whoever carries the request. The CLI builds an operation from its argv and
 * runs it here as the actor who logged in (local mode) or sends it to the desk server (remote mode,
 * src/cli/remote); the server (src/server) builds the same operation from the HTTP request and runs it
 * here as the token's principal. One place decides which role may run which verb, and calls the use
 * case; so a verb answers the same JSON and the same error, locally and through the server.
 *
 * This file only names the use cases: each is loaded when its verb runs (SPEC §14: `nss status`
 * loads no TypeORM).
 */
import {text} from '../domain/messages/text'
import {PermissionError} from '../domain/errors'
import type {Actor} from './actor'
import type {DeskContext} from './context'
import type {PasswordChange} from './change-password.use-case'
import type {DraftDeleted, DraftList, DraftSaved, DraftView} from './drafts.use-case'
import type {SendersChange, SendersView} from './office-senders.use-case'
import type {AttachmentContent} from './attachments'
import type {StatusFilter} from './status.use-case'
import type {
  ApplicationView, OfficeView, OwnershipResult, PasswordsView, ReviewCheckView, StatusListView, SubmissionPreview, SubmissionResult, TransitionResult,
} from './views'

export type DeskOperation =
  | {verb: 'apply'; input: unknown; idempotencyKey?: string}
  | {verb: 'amend'; receiptNo: string; patch: unknown; idempotencyKey?: string}
  /** apply --dry-run / amend --dry-run (issue 13): apply's and amend's checks, nothing written. */
  | {verb: 'apply-preview'; input: unknown}
  | {verb: 'amend-preview'; receiptNo: string; patch: unknown}
  | {verb: 'withdraw'; receiptNo: string}
  | {verb: 'list'; filter: StatusFilter}
  | {verb: 'show'; receiptNo: string}
  | {verb: 'passwords'; receiptNo: string}
  | {verb: 'check'; receiptNo: string}
  | {verb: 'query'; receiptNo: string; notice: string; fromCheck: boolean}
  | {verb: 'complete'; receiptNo: string; notice: string; registrationDate?: string}
  /** nss review --message (issue 14): 「NACCSセンターからの連絡」; the status stays. */
  | {verb: 'message'; receiptNo: string; text: string}
  /** nss review --take / --release (issue 14); `force` takes over / releases another reviewer's. */
  | {verb: 'take'; receiptNo: string; force: boolean}
  | {verb: 'release'; receiptNo: string; force: boolean}
  /** nss passwd: the current password is checked by the use case itself, so its actor is the one named (or the token's). */
  | {verb: 'passwd'; currentPassword: string; newPassword: string; keepTokenId?: string}
  /** nss office show [CODE]: an office's contract (契約内容確認); without a code, the acting office's own. */
  | {verb: 'office'; officeCode?: string}
  /** nss office senders list|add|remove: the office's authorised senders (issue 13). */
  | {verb: 'senders'}
  | {verb: 'addSender'; address: string}
  | {verb: 'removeSender'; address: string}
  /** nss draft save|list|show|submit|delete: the office's drafts (一時保存, issue 13). */
  | {verb: 'draft-save'; content: unknown; receiptNo?: string; draftId?: string}
  | {verb: 'draft-list'}
  | {verb: 'draft-show'; draftId: string}
  | {verb: 'draft-submit'; draftId: string}
  | {verb: 'draft-delete'; draftId: string}
  /** nss attachment ID --out FILE: a file an office attached to a reply (issue 14), with its bytes. */
  | {verb: 'attachment'; attachmentId: number}

export type Verb = DeskOperation['verb']

/** What each verb answers. */
export interface OperationResults {
  apply: SubmissionResult
  amend: SubmissionResult
  'apply-preview': SubmissionPreview
  'amend-preview': SubmissionPreview
  withdraw: TransitionResult
  list: StatusListView
  show: ApplicationView
  passwords: PasswordsView
  check: ReviewCheckView
  query: TransitionResult
  complete: TransitionResult
  message: TransitionResult
  take: OwnershipResult
  release: OwnershipResult
  passwd: PasswordChange
  office: OfficeView
  senders: SendersView
  addSender: SendersChange
  removeSender: SendersChange
  'draft-save': DraftSaved
  'draft-list': DraftList
  'draft-show': DraftView
  'draft-submit': SubmissionResult
  'draft-delete': DraftDeleted
  attachment: AttachmentContent
}

export type OperationResult = OperationResults[Verb]

/** Who may run a verb: offices, reviewers, or both (each then sees what is theirs). */
export const VERB_ROLES: Readonly<Record<Verb, 'office' | 'reviewer' | 'any'>> = {
  apply: 'office', amend: 'office', withdraw: 'office', passwords: 'office',
  'apply-preview': 'office', 'amend-preview': 'office',
  list: 'any', show: 'any',
  check: 'reviewer', query: 'reviewer', complete: 'reviewer', take: 'reviewer', release: 'reviewer', message: 'reviewer',
  passwd: 'any', office: 'any',
  senders: 'office', addSender: 'office', removeSender: 'office',
  'draft-save': 'office', 'draft-list': 'office', 'draft-show': 'office', 'draft-submit': 'office', 'draft-delete': 'office',
  attachment: 'any',
}

/**
 * The verbs that change something (refused to a read-only token; their new mails are tried at once).
 * The dry runs are not among them: they write nothing, so a read-only token may preview.
 */
export const CHANGING_VERBS: ReadonlySet<Verb> = new Set(['apply', 'amend', 'withdraw', 'query', 'complete', 'message', 'take', 'release', 'passwd', 'addSender', 'removeSender',
  'draft-save', 'draft-submit', 'draft-delete'])

/** The refusal of a verb to an actor of the other role (exit 4, as the use case's own would be). */
export function checkRole(verb: Verb, actor: Actor): void {
  const role = VERB_ROLES[verb]
  if (role === 'any' || role === actor.kind) return
  throw new PermissionError(verb === 'passwords'
    ? text('app.onlyApplyingOffice')
    : text(role === 'office' ? 'app.onlyOffice' : 'app.onlyReviewer', {verb, doing: VERB_TEXT[verb]}))
}

const VERB_TEXT: Record<Verb, string> = {
  apply: 'apply', amend: 'amend an application',
  'apply-preview': 'preview an application', 'amend-preview': 'preview an amendment', withdraw: 'withdraw an application', list: 'list applications',
  show: 'show an application', passwords: 'see issued passwords', check: 'check an application for review',
  query: 'put an application under query', complete: 'complete an application',
  take: 'take an application', release: 'release an application', message: 'send a message to an office', passwd: 'change its password',
  office: "see an office's contract",
  senders: 'list its authorised senders', addSender: 'add an authorised sender', removeSender: 'remove an authorised sender',
  'draft-save': 'save a draft', 'draft-list': 'list drafts', 'draft-show': 'show a draft', 'draft-submit': 'submit a draft', 'draft-delete': 'delete a draft',
  attachment: 'fetch an attachment',
}

/** Runs an operation as `actor` (already authenticated, but for passwd, which checks the current password itself): the use case of its verb. */
export async function runOperation<V extends Verb>(
  ctx: DeskContext, actor: Actor, operation: Extract<DeskOperation, {verb: V}>,
): Promise<OperationResults[V]> {
  checkRole(operation.verb, actor)
  return run(ctx, actor, operation as DeskOperation) as Promise<OperationResults[V]>
}

async function run(ctx: DeskContext, actor: Actor, op: DeskOperation): Promise<OperationResult> {
  // checkRole has made sure of the actor's kind for the verbs of one role.
  const office = actor as Extract<Actor, {kind: 'office'}>
  const reviewer = actor as Extract<Actor, {kind: 'reviewer'}>
  switch (op.verb) {
    case 'apply': {
      const {applyForSettings} = await import('./apply.use-case')
      return applyForSettings(ctx, office, op.input, {idempotencyKey: op.idempotencyKey})
    }
    case 'amend': {
      const {amendApplication} = await import('./amend.use-case')
      return amendApplication(ctx, office, op.receiptNo, op.patch, {idempotencyKey: op.idempotencyKey})
    }
    case 'apply-preview': {
      const {previewApplication} = await import('./dry-run.use-case')
      return previewApplication(ctx, office, op.input)
    }
    case 'amend-preview': {
      const {previewAmendment} = await import('./dry-run.use-case')
      return previewAmendment(ctx, office, op.receiptNo, op.patch)
    }
    case 'withdraw': {
      const {withdrawApplication} = await import('./withdraw.use-case')
      return withdrawApplication(ctx, office, op.receiptNo)
    }
    case 'list': {
      const {listStatus} = await import('./status.use-case')
      return listStatus(ctx, actor, op.filter)
    }
    case 'show': {
      const {showApplication} = await import('./status.use-case')
      return showApplication(ctx, actor, op.receiptNo)
    }
    case 'passwords': {
      const {viewPasswords} = await import('./issued-passwords')
      return viewPasswords(ctx, office, op.receiptNo)
    }
    case 'check': {
      const {checkForReview} = await import('./review.use-case')
      return checkForReview(ctx, reviewer, op.receiptNo)
    }
    case 'query': {
      const review = await import('./review.use-case')
      return op.fromCheck
        ? review.queryFromCheck(ctx, reviewer, op.receiptNo, op.notice)
        : review.queryApplication(ctx, reviewer, op.receiptNo, op.notice)
    }
    case 'complete': {
      const {completeApplication} = await import('./review.use-case')
      return completeApplication(ctx, reviewer, op.receiptNo, op.notice, op.registrationDate)
    }
    case 'message': {
      const {messageApplication} = await import('./review.use-case')
      return messageApplication(ctx, reviewer, op.receiptNo, op.text)
    }
    case 'take': {
      const {takeApplication} = await import('./review.use-case')
      return takeApplication(ctx, reviewer, op.receiptNo, {force: op.force})
    }
    case 'release': {
      const {releaseApplication} = await import('./review.use-case')
      return releaseApplication(ctx, reviewer, op.receiptNo, {force: op.force})
    }
    case 'passwd': {
      const {changePassword} = await import('./change-password.use-case')
      return changePassword(ctx, actor, op.currentPassword, op.newPassword, {keepTokenId: op.keepTokenId})
    }
    case 'attachment': {
      const {fetchAttachment} = await import('./attachments')
      return fetchAttachment(ctx, actor, op.attachmentId)
    }
    case 'office': {
      const {showContract} = await import('./master-data.use-case')
      return showContract(ctx, actor, op.officeCode)
    }
    case 'senders': {
      const {listSenders} = await import('./office-senders.use-case')
      return listSenders(ctx, office)
    }
    case 'addSender': {
      const {addSender} = await import('./office-senders.use-case')
      return addSender(ctx, office, op.address)
    }
    case 'removeSender': {
      const {removeSender} = await import('./office-senders.use-case')
      return removeSender(ctx, office, op.address)
    }
    case 'draft-save': {
      const {saveDraft} = await import('./drafts.use-case')
      return saveDraft(ctx, office, {content: op.content, receiptNo: op.receiptNo, draftId: op.draftId})
    }
    case 'draft-list': {
      const {listDrafts} = await import('./drafts.use-case')
      return listDrafts(ctx, office)
    }
    case 'draft-show': {
      const {showDraft} = await import('./drafts.use-case')
      return showDraft(ctx, office, op.draftId)
    }
    case 'draft-submit': {
      const {submitDraft} = await import('./drafts.use-case')
      return submitDraft(ctx, office, op.draftId)
    }
    case 'draft-delete': {
      const {deleteDraft} = await import('./drafts.use-case')
      return deleteDraft(ctx, office, op.draftId)
    }
  }
}

/**
 * nss apply --dry-run / nss amend R --dry-run (issue 13): the seed's システム設定申込内容 確認 screen —
 * what would be registered, an amendment's changes as current → new, and every problem — with nothing
 * changed: no receipt number taken, no outbox row, no audit row, no idempotency record.
 *
 * The checks are apply's and amend's own (prepareApplication, prepareAmendment), run in a read
 * transaction that is always rolled back (Store.readOnly). A problem with the content is the answer
 * (`valid: false` and its issues); a refusal of the target is the error amend itself gives: another
 * office's receipt or an unknown one (not found), an application not under query (conflict).
 */
import type {EntityManager} from 'typeorm'
import type {ApplicationContent} from '../domain/application'
import {withoutControlCharacters} from '../domain/control-characters'
import {InvalidInputError} from '../domain/errors'
import {changedFields} from '../domain/field-changes'
import type {OfficeRecord} from '../domain/master-data'
import type {Locale} from '../domain/vocabulary'
import {prepareAmendment} from './amend.use-case'
import {OfficeActor, prepareApplication} from './apply.use-case'
import type {DeskContext} from './context'
import {toEntryView} from './status.use-case'
import type {ApplicationPreview, FieldChange, SubmissionPreview} from './views'

/** nss apply --dry-run: what apply would register, or every reason it would refuse. */
export async function previewApplication(ctx: DeskContext, actor: OfficeActor, input: unknown): Promise<SubmissionPreview> {
  const now = ctx.clock.now()
  return ctx.store.readOnly(manager => previewIn(manager, ctx, actor, null, input, now))
}

/** nss amend R --dry-run: the amended application and its changes, or every reason amend would refuse the patch. */
export async function previewAmendment(ctx: DeskContext, actor: OfficeActor, receiptNo: string, patch: unknown): Promise<SubmissionPreview> {
  const now = ctx.clock.now()
  return ctx.store.readOnly(manager => previewIn(manager, ctx, actor, receiptNo, patch, now))
}

/**
 * The dry run inside the caller's (read-only) transaction: of an application (`receiptNo` null) or of
 * an amendment of `receiptNo`. `nss draft show` runs it on a draft (src/app/drafts.use-case.ts).
 */
export async function previewIn(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, receiptNo: string | null, input: unknown, now: Date,
): Promise<SubmissionPreview> {
  if (receiptNo === null) {
    return previewOf(async () => {
      const {office, content} = await prepareApplication(manager, ctx, actor, input, now)
      return toPreview(office, content, null, [], ctx.readerLocale)
    }, ctx.readerLocale)
  }
  return previewOf(async () => {
    const {original, office, content} = await prepareAmendment(manager, ctx, actor, receiptNo, input, now)
    return toPreview(office, content, original.receiptNo, changedFields(original, content), ctx.readerLocale)
  }, ctx.readerLocale)
}

/** The preview `build` gives, or the problems of its input; any other refusal is thrown as the real verb throws it. */
async function previewOf(build: () => Promise<ApplicationPreview>, readerLocale: Locale | undefined): Promise<SubmissionPreview> {
  try {
    return {valid: true, issues: [], preview: await build()}
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error
    // Validation issues are in the reader's language already; a catalogue text is said in it (else Japanese).
    const said = error.in(readerLocale ?? 'ja')
    const issues = said.issues.length > 0 ? said.issues : [{path: '', message: said.message}]
    // As every error is printed (src/cli/error-output.ts): no control character of quoted input reaches a terminal.
    return {valid: false, issues: issues.map(i => ({path: withoutControlCharacters(i.path), message: withoutControlCharacters(i.message)})), preview: null}
  }
}

function toPreview(
  office: OfficeRecord, content: ApplicationContent, supersedes: string | null, changes: FieldChange[], readerLocale: Locale | undefined,
): ApplicationPreview {
  return {
    office: office.code,
    officeName: office.name,
    timing: content.timing,
    desiredDate: content.desiredDate,
    remarks: content.remarks,
    contact: content.contact,
    entries: content.entries.map(entry => toEntryView(entry, office)),
    supersedes,
    changes,
    locale: readerLocale ?? office.locale,
  }
}

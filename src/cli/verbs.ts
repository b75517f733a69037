/**
 * The office and reviewer commands between their argv and the desk (issue 12): from the parsed
 * arguments and flags to an operation (src/app/desk-operations.ts), and from its result to the screen.
 * Both modes of the CLI go through here — the oclif commands in local mode, the remote client
 * (src/cli/remote/main.ts) with NSS_URL — so a command checks its flags, reads its file and prints its
 * result the same way in both. Nothing here loads the store, oclif or a mail module.
 */
import type {DeskOperation, OperationResults, Verb} from '../app/desk-operations'
import {parseDraftId} from '../domain/draft-id'
import {parseIdempotencyKey} from '../domain/idempotency-key'
import {parseDay} from '../domain/japan-time'
import {InvalidInputError, PermissionError} from '../domain/errors'
import {text} from '../domain/messages/text'
import {parseReceiptArgument} from '../domain/receipt-number'
import {parseAttachmentId} from '../domain/attachment-id'
import type {Locale} from '../domain/vocabulary'
import type {Style} from './style'

import type {RemoteCommand} from './remote/mode'

export {REMOTE_COMMANDS, type RemoteCommand} from './remote/mode'

/** What the argv parser gives a command (oclif's, or the remote client's from the same manifest). */
export interface ParsedCommand {
  args: Record<string, string | undefined>
  flags: Record<string, string | boolean | number | undefined>
}

/** Who the command line says acts: --office / --reviewer (the environment is the local mode's business). */
export interface ActorFlags {
  office?: string
  reviewer?: string
}

const stringFlag = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** The operation a command line asks for; reads the input file of apply / amend. Exit 2 for a wrong combination of flags. */
export async function operationOf(command: RemoteCommand, {args, flags}: ParsedCommand): Promise<DeskOperation> {
  switch (command) {
    case 'apply': {
      // A dry run records nothing, so an idempotency key (flag or NSS_IDEMPOTENCY_KEY) is not looked at.
      if (flags['dry-run']) return {verb: 'apply-preview', input: await readInput(flags.file)}
      const idempotencyKey = parseIdempotencyKey(stringFlag(flags['idempotency-key']))
      return {verb: 'apply', input: await readInput(flags.file), idempotencyKey}
    }
    case 'amend': {
      const receiptNo = parseReceiptArgument(args.receiptNo as string)
      if (flags['dry-run']) return {verb: 'amend-preview', receiptNo, patch: await readInput(flags.file)}
      const idempotencyKey = parseIdempotencyKey(stringFlag(flags['idempotency-key']))
      return {verb: 'amend', receiptNo, patch: await readInput(flags.file), idempotencyKey}
    }
    case 'withdraw':
      return {verb: 'withdraw', receiptNo: parseReceiptArgument(args.receiptNo as string)}
    case 'status':
      return statusOperation(args, flags)
    case 'review':
      return reviewOperation(args, flags)
    case 'passwd': {
      const {readPasswordChange} = require('./new-password') as typeof import('./new-password')
      return {verb: 'passwd', ...await readPasswordChange()}
    }
    case 'office:show': {
      // No code: the acting office's own contract; the use case decides whose contract the actor may see.
      if (args.code === undefined) return {verb: 'office'}
      const officeCode = args.code.normalize('NFKC').trim().toUpperCase()
      if (officeCode === '') throw new InvalidInputError(text('cli.officeCodeEmpty'), [{path: 'code', message: text('cli.officeCodeHint')}])
      return {verb: 'office', officeCode}
    }
    case 'attachment': {
      const attachmentId = parseAttachmentId(args.id)
      checkOutFile(flags.out, flags.force === true)
      return {verb: 'attachment', attachmentId}
    }
    case 'office:senders:list':
      return {verb: 'senders'}
    case 'office:senders:add':
      return {verb: 'addSender', address: args.address as string}
    case 'office:senders:remove':
      return {verb: 'removeSender', address: args.address as string}
    case 'draft:save': {
      const receiptNo = stringFlag(flags.receipt) === undefined ? undefined : parseReceiptArgument(stringFlag(flags.receipt) as string)
      const draftId = stringFlag(flags.draft) === undefined ? undefined : parseDraftId(stringFlag(flags.draft) as string)
      return {verb: 'draft-save', content: await readInput(flags.file), receiptNo, draftId}
    }
    case 'draft:list':
      return {verb: 'draft-list'}
    case 'draft:show':
      return {verb: 'draft-show', draftId: parseDraftId(args.draftId as string)}
    case 'draft:submit':
      return {verb: 'draft-submit', draftId: parseDraftId(args.draftId as string)}
    case 'draft:delete':
      return {verb: 'draft-delete', draftId: parseDraftId(args.draftId as string)}
  }
}

function statusOperation(args: ParsedCommand['args'], flags: ParsedCommand['flags']): DeskOperation {
  if (!args.receiptNo) {
    if (flags.passwords) throw new InvalidInputError(text('cli.passwordsNeedReceipt'), [{path: 'receiptNo', message: text('cli.requiredWithPasswords')}])
    // An empty --since is no filter, as it always was.
    const since = stringFlag(flags.since)?.trim() ? dayOfFlag('since', stringFlag(flags.since)) : undefined
    return {verb: 'list', filter: {
      status: stringFlag(flags.status), since, limit: flags.limit as number | undefined,
      mine: flags.mine === true, unassigned: flags.unassigned === true, overdue: flags.overdue === true,
    }}
  }
  const receiptNo = parseReceiptArgument(args.receiptNo)
  if (flags.passwords) {
    // Only the applying office sees issued passwords (SPEC §7): for anyone else it is a permission error.
    if (flags.reviewer) throw new PermissionError(text('cli.passwordsOfficeOnly'))
    return {verb: 'passwords', receiptNo}
  }
  return {verb: 'show', receiptNo}
}

function reviewOperation(args: ParsedCommand['args'], flags: ParsedCommand['flags']): DeskOperation {
  const query = stringFlag(flags.query)
  const complete = stringFlag(flags.complete)
  const message = stringFlag(flags.message)
  const actions = [
    query !== undefined && !flags['from-check'], complete !== undefined, flags.check, flags['from-check'], flags.take, flags.release, message !== undefined,
  ]
  if (actions.filter(Boolean).length !== 1) {
    throw new InvalidInputError(text('cli.oneReviewAction'), [{path: 'argv', message: text('cli.issueOneReviewAction')}])
  }
  if (flags['registration-date'] !== undefined && complete === undefined) {
    throw new InvalidInputError(text('cli.registrationDateWithComplete'), [{path: 'registration-date', message: text('cli.onlyWithComplete')}])
  }
  if (flags.force && !flags.take && !flags.release) {
    throw new InvalidInputError(text('cli.forceWithTakeRelease'), [{path: 'force', message: text('cli.onlyWithTakeRelease')}])
  }
  const registrationDate = dayOfFlag('registration-date', stringFlag(flags['registration-date']))
  const receiptNo = parseReceiptArgument(args.receiptNo as string)
  if (message !== undefined) return {verb: 'message', receiptNo, text: message}
  if (flags.take) return {verb: 'take', receiptNo, force: flags.force === true}
  if (flags.release) return {verb: 'release', receiptNo, force: flags.force === true}
  if (flags.check) return {verb: 'check', receiptNo}
  if (flags['from-check']) return {verb: 'query', receiptNo, notice: query ?? '', fromCheck: true}
  if (query !== undefined) return {verb: 'query', receiptNo, notice: query, fromCheck: false}
  return {verb: 'complete', receiptNo, notice: complete as string, registrationDate}
}

/**
 * A date flag (`--since`, `--registration-date`) as the day it names, checked here so that a refusal
 * names the flag in both modes; the domain's one parser decides the forms (parseDay).
 */
function dayOfFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const day = parseDay(value)
  if (day === null) throw new InvalidInputError(text('cli.invalidDayFlag', {flag, value}), [{path: flag, message: text('app.dayForms')}])
  return day
}

async function readInput(file: unknown): Promise<unknown> {
  const {readJsonFile} = require('./read-input') as typeof import('./read-input')
  return readJsonFile(file as string)
}

/**
 * The language of a screen of an office's data: NSS_LOCALE when it is set (one language at a time,
 * issue 13), else the office's own. `cliLocale` is NSS_LOCALE's value or Japanese.
 */
function screenLocale(officeLocale: Locale, cliLocale: Locale): Locale {
  return process.env.NSS_LOCALE?.trim() ? cliLocale : officeLocale
}

/** The human screen of a result (nothing is printed with --json: the result is the output). */
export function renderResult<V extends Verb>(
  verb: V, result: OperationResults[V], locale: Locale, style: Style, width: {maxWidth?: number},
): string {
  const r = result as OperationResults[Verb]
  switch (verb) {
    case 'apply':
    case 'amend':
    case 'draft-submit': {
      const {renderSubmissionResult} = require('./views/result-view') as typeof import('./views/result-view')
      return renderSubmissionResult(r as OperationResults['apply'], locale, style)
    }
    case 'apply-preview':
    case 'amend-preview': {
      const {renderSubmissionPreview} = require('./views/preview-view') as typeof import('./views/preview-view')
      return renderSubmissionPreview(r as OperationResults['apply-preview'], locale, style, width)
    }
    case 'withdraw':
    case 'query':
    case 'complete': {
      const {renderTransitionResult} = require('./views/result-view') as typeof import('./views/result-view')
      return renderTransitionResult(r as OperationResults['withdraw'], locale, style)
    }
    case 'list': {
      const view = r as OperationResults['list']
      const {renderStatusListView} = require('./views/status-list-view') as typeof import('./views/status-list-view')
      return renderStatusListView(view, screenLocale(view.locale, locale), style, width)
    }
    case 'show': {
      const view = r as OperationResults['show']
      const {renderApplicationView} = require('./views/application-view') as typeof import('./views/application-view')
      return renderApplicationView(view, screenLocale(view.locale, locale), style, width)
    }
    case 'passwords': {
      const {renderPasswordsView} = require('./views/passwords-view') as typeof import('./views/passwords-view')
      return renderPasswordsView(r as OperationResults['passwords'], locale, style, width)
    }
    case 'check': {
      const {renderReviewCheckView} = require('./views/review-check-view') as typeof import('./views/review-check-view')
      return renderReviewCheckView(r as OperationResults['check'], locale, style, width)
    }
    case 'message': {
      const {renderMessageResult} = require('./views/result-view') as typeof import('./views/result-view')
      return renderMessageResult(r as OperationResults['message'], locale, style)
    }
    case 'take':
    case 'release': {
      const {renderOwnershipResult} = require('./views/result-view') as typeof import('./views/result-view')
      return renderOwnershipResult(r as OperationResults['take'], locale, style)
    }
    case 'office': {
      const view = r as OperationResults['office']
      const {renderOfficeView} = require('./views/office-view') as typeof import('./views/office-view')
      return renderOfficeView(view, view.locale, style, width)
    }
    case 'senders':
    case 'addSender':
    case 'removeSender': {
      const {renderSendersResult} = require('./views/senders-view') as typeof import('./views/senders-view')
      return renderSendersResult(r as OperationResults['senders'] | OperationResults['addSender'], locale, style)
    }
    case 'draft-save':
    case 'draft-list':
    case 'draft-show':
    case 'draft-delete': {
      const {renderDraftResult} = require('./views/draft-view') as typeof import('./views/draft-view')
      return renderDraftResult(verb, r, locale, style, width)
    }
    case 'attachment': {
      const saved = r as unknown as SavedAttachment
      const {SCREEN_LABELS} = require('./labels') as typeof import('./labels')
      return SCREEN_LABELS[locale].attachmentSaved(saved.id, saved.filename, saved.size, saved.out)
    }
    case 'passwd': {
      const change = r as OperationResults['passwd']
      const who = change.principal.kind === 'office' ? change.principal.code : change.principal.id
      const revoked = change.revokedLoginTokens.length
      return locale === 'en'
        ? `password changed for ${change.principal.kind} ${who}; ${revoked} other login(s) logged out`
        : `${change.principal.kind === 'office' ? '事業所' : '審査担当者'} ${who} のパスワードを変更しました（ほかのログイン ${revoked} 件を無効にしました）`
    }
  }
  throw new Error(`no screen for ${verb}`)
}

/** `nss attachment`'s answer once written: what was saved where (the bytes are in the file, not the output). */
export type SavedAttachment = Omit<OperationResults['attachment'], 'contentBase64'> & {out: string}

/** --out must be given, and must not exist unless --force: checked before anything is fetched. */
function checkOutFile(out: unknown, force: boolean): void {
  const fs = require('node:fs') as typeof import('node:fs')
  if (typeof out !== 'string' || out.trim() === '') {
    throw new InvalidInputError(text('cli.attachmentOutMissing'), [{path: 'out', message: text('cli.issueRequired')}])
  }
  if (!force && fs.existsSync(out)) {
    throw new InvalidInputError(text('cli.outExists', {out}), [{path: 'out', message: text('cli.issueOutExists')}])
  }
}

/**
 * What a verb's result becomes once it is in the caller's hands, in both modes of the CLI: for
 * `nss attachment`, the bytes written to --out (mode 0600; checked against their SHA-256 first) and the
 * answer without them. Any other verb's result is as it came.
 */
export function completeResult(verb: Verb, result: unknown, {flags}: ParsedCommand): unknown {
  if (verb !== 'attachment') return result
  const {createHash} = require('node:crypto') as typeof import('node:crypto')
  const fs = require('node:fs') as typeof import('node:fs')
  const {contentBase64, ...described} = result as OperationResults['attachment']
  const bytes = Buffer.from(contentBase64, 'base64')
  if (bytes.length !== described.size || createHash('sha256').update(bytes).digest('hex') !== described.sha256) {
    const {InfrastructureError} = require('../domain/errors') as typeof import('../domain/errors')
    throw new InfrastructureError(text('cli.attachmentDamaged', {id: described.id}))
  }
  const out = flags.out as string
  const force = flags.force === true
  let fd: number
  try {
    fd = fs.openSync(out, force ? 'w' : 'wx', 0o600)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new InvalidInputError(text('cli.outExists', {out}), [{path: 'out', message: text('cli.issueOutExists')}])
    throw new InvalidInputError(text('cli.cannotWrite', {out, reason: code ?? (error as Error).message}), [{path: 'out', message: code ?? text('cli.issueNotWritable')}])
  }
  try {
    // An overwritten file keeps its mode otherwise: the attachment is the office's, 0600 all the same.
    fs.fchmodSync(fd, 0o600)
    fs.writeSync(fd, bytes)
  } finally {
    fs.closeSync(fd)
  }
  const saved: SavedAttachment = {...described, out}
  return saved
}

/**
 * The actor a command line names with --office or --reviewer, as `office:CODE` / `reviewer:ID`: with a
 * token it must be the token's (the server's Nss-Acting-As header, the local NSS_TOKEN check).
 */
export function namedActorOf(flags: {office?: string; reviewer?: string}): string | undefined {
  if (flags.office) return `office:${flags.office.normalize('NFKC').trim().toUpperCase()}`
  if (flags.reviewer) return `reviewer:${flags.reviewer.trim()}`
  return undefined
}

/** The receipt number whose new mails a changing verb's result names (tried at once after the commit). */
export function receiptOfResult(result: unknown): string | undefined {
  const receiptNo = (result as {receiptNo?: unknown} | null)?.receiptNo
  return typeof receiptNo === 'string' ? receiptNo : undefined
}

/**
 * The exit code of a command whose verb answered: 0, but 2 for a dry run that would be refused
 * (issue 13), in both modes of the CLI.
 */
export function exitCodeOfResult(verb: Verb, result: unknown): number {
  return isRefusedPreview(verb, result) ? 2 : 0
}

/**
 * The `--json` output of a result: the result itself; a dry run that would be refused also carries
 * the error contract's `error` member (src/cli/error-output.ts: code, message, issues), so a script
 * that reads `.error` on any exit but 0 reads it here too, beside `valid`, `issues` and `preview`.
 */
export function jsonOfResult(verb: Verb, result: unknown, locale: Locale): unknown {
  if (!isRefusedPreview(verb, result)) return result
  const {SCREEN_LABELS} = require('./labels') as typeof import('./labels')
  const preview = result as OperationResults['apply-preview']
  return {...preview, error: {code: 'invalid_input', message: SCREEN_LABELS[locale].previewRefused(preview.issues.length), issues: preview.issues}}
}

function isRefusedPreview(verb: Verb, result: unknown): boolean {
  return (verb === 'apply-preview' || verb === 'amend-preview') && (result as {valid?: unknown}).valid === false
}

/**
 * An office or reviewer command on the desk's host (the local mode of issue 12): the operation its argv
 * asks for (src/cli/verbs.ts, shared with the remote mode), as the actor who logs in here, printed as a
 * screen or returned as the JSON output; a change's new mails are tried at once. Two entry points run
 * it: DeskCommand.runVerb (oclif: `--help` and the commands' classes) and src/cli/direct.ts, which
 * bin/run.js takes for these commands without oclif's start-up (issue 16), as the remote mode does.
 * Nothing here loads oclif.
 */
import type {Actor} from '../app/actor'
import type {DeskContext} from '../app/context'
import {AuthError, DeskError, InfrastructureError, InvalidInputError, PermissionError} from '../domain/errors'
import {text} from '../domain/messages/text'
import {localeSetting, readerLocale} from '../domain/locale-setting'
import {argvError} from './argv-error'
import {terminalWidth} from './terminal-width'
import type {ParsedCommand, RemoteCommand} from './verbs'

/** What a command run needs of its process: the desk (opened on first use) and whether it answers in JSON. */
export interface LocalSession {
  desk(): Promise<DeskContext>
  json: boolean
}

type ActorFlags = {office?: string; reviewer?: string}

/**
 * Runs the command and returns its JSON output (printed by the caller with --json); without --json
 * the screen is printed here. Sets process.exitCode from the result.
 */
export async function runVerbLocally(session: LocalSession, command: RemoteCommand, parsed: ParsedCommand): Promise<unknown> {
  const {completeResult, exitCodeOfResult, jsonOfResult, operationOf, receiptOfResult, renderResult} = await import('./verbs')
  const operation = await operationOf(command, parsed)
  const {CHANGING_VERBS, VERB_ROLES, runOperation} = await import('../app/desk-operations')
  const flags = parsed.flags as ActorFlags
  const role = VERB_ROLES[operation.verb]
  const token = process.env.NSS_TOKEN?.trim()
  const actor = token ? await tokenActor(session, token, flags, CHANGING_VERBS.has(operation.verb))
    : role === 'office' ? await officeActor(session, flags.office)
      : role === 'reviewer' ? await reviewerActor(session, flags.reviewer)
        : await anyActor(session, flags)
  // What the verb answers is read in NSS_LOCALE's language; the mails it sends, in the office's.
  const result = completeResult(operation.verb, await runOperation({...await session.desk(), readerLocale: localeSetting()}, actor, operation), parsed) as Awaited<ReturnType<typeof runOperation>>
  const locale = readerLocale()
  // With --json the result is the output: the renderers (string widths, colour) are not even loaded.
  if (!session.json) {
    const {createStyle} = require('./style') as typeof import('./style')
    const style = createStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)
    printText(renderResult(operation.verb, result, locale, style, terminalWidth()))
  }
  const receiptNo = receiptOfResult(result)
  const noticeMailId = (result as {noticeMailId?: number | null}).noticeMailId
  if (CHANGING_VERBS.has(operation.verb) && receiptNo) await deliverAfterCommit(session, {receiptNo})
  else if (CHANGING_VERBS.has(operation.verb) && noticeMailId) await deliverAfterCommit(session, {rowIds: [noticeMailId]})
  process.exitCode = exitCodeOfResult(operation.verb, result)
  return jsonOfResult(operation.verb, result, locale)
}

/** Human output, one newline at the end. */
export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** The office acting, from --office or NSS_OFFICE, with its password from NSS_PASSWORD or a prompt. */
async function officeActor(session: LocalSession, code: string | undefined): Promise<Actor> {
  const id = code ?? process.env.NSS_OFFICE
  if (!id) throw new AuthError(text('cli.officeMissing'))
  return login(session, 'office', id)
}

/** The reviewer acting, from --reviewer or NSS_REVIEWER, with the password from NSS_PASSWORD or a prompt. */
async function reviewerActor(session: LocalSession, id: string | undefined): Promise<Actor> {
  const reviewer = id ?? process.env.NSS_REVIEWER
  if (!reviewer) throw new AuthError(text('cli.reviewerMissing'))
  return login(session, 'reviewer', reviewer)
}

/**
 * For commands both offices and reviewers use (`status`): whichever --office / --reviewer (or env)
 * names. A verb of one role alone takes its actor from that role's flag or variable only, so with both
 * NSS_OFFICE and NSS_REVIEWER exported only `status` has to be told who acts.
 */
async function anyActor(session: LocalSession, flags: ActorFlags): Promise<Actor> {
  if (flags.office && flags.reviewer) {
    throw new InvalidInputError(text('cli.bothActorFlags'), [{path: 'argv', message: text('cli.oneActorAtATime')}])
  }
  if (flags.reviewer) return reviewerActor(session, flags.reviewer)
  if (flags.office) return officeActor(session, flags.office)
  if (process.env.NSS_OFFICE && process.env.NSS_REVIEWER) {
    throw new InvalidInputError(text('cli.bothActorEnv'), [{path: 'env', message: text('cli.ambiguousActor')}])
  }
  if (process.env.NSS_REVIEWER) return reviewerActor(session, undefined)
  if (process.env.NSS_OFFICE) return officeActor(session, undefined)
  throw new AuthError(text('cli.actorMissing'))
}

/**
 * NSS_TOKEN in local mode (issue 16): an API token says who acts, as it does to the desk server (the
 * same check, src/app/api-token-check.ts): its hash looked up in the store, no scrypt — a password's
 * check was a quarter of every `nss status` call. An actor named by --office or --reviewer must be
 * the token's (the server's Nss-Acting-As rule); NSS_OFFICE, NSS_REVIEWER and NSS_PASSWORD are not
 * read. A read-only token changes nothing (exit 4). The role of the verb is checked by the use case,
 * as for any actor.
 */
async function tokenActor(session: LocalSession, token: string, flags: ActorFlags, changes: boolean): Promise<Actor> {
  if (flags.office && flags.reviewer) {
    throw new InvalidInputError(text('cli.bothActorFlags'), [{path: 'argv', message: text('cli.oneActorAtATime')}])
  }
  const {actorOfPrincipal, authenticateApiToken} = await import('../app/api-token-check')
  const {actorName} = await import('../app/actor')
  const principal = await authenticateApiToken(await session.desk(), token)
  const actor = actorOfPrincipal(principal)
  const {namedActorOf} = await import('./verbs')
  const named = namedActorOf(flags)
  if (named && named !== actorName(actor)) throw new PermissionError(text('server.actingAsOther', {principal: actorName(actor), actingAs: named}))
  if (changes && principal.readOnly) throw new PermissionError(text('server.readOnlyToken'))
  return actor
}

async function login(session: LocalSession, kind: 'office' | 'reviewer', id: string): Promise<Actor> {
  const {SCREEN_LABELS} = await import('./labels')
  const password = await readPassword(SCREEN_LABELS[readerLocale()].passwordPrompt(kind, id))
  const {authenticate} = await import('../app/authenticate')
  return authenticate(await session.desk(), {kind, id, password})
}

/** A password from NSS_PASSWORD, else a hidden prompt on a terminal. */
export async function readPassword(question: string): Promise<string> {
  const fromEnv = process.env.NSS_PASSWORD
  if (fromEnv !== undefined) return fromEnv
  if (!process.stdin.isTTY) throw new AuthError(text('cli.noPassword'))
  const {promptHidden} = await import('./prompt')
  return promptHidden(question)
}

/**
 * After a state change has committed, tries its new mails once (SPEC §10: "the CLI tries once at
 * once"), with short timeouts. Never fails the command — the change is done and its mails are safe in
 * the outbox: a mail not sent stays there for `nss mail deliver` / the daemon, with a warning on stderr
 * (stdout keeps the command's result, and only JSON with --json).
 */
export async function deliverAfterCommit(session: LocalSession, target: {receiptNo: string} | {rowIds: number[]}): Promise<void> {
  const {sendNewMailsNow} = await import('../app/send-now')
  const warnings = await sendNewMailsNow(await session.desk(), target, readerLocale())
  for (const warning of warnings.said) process.stderr.write(`nss: warning: ${warning}\n`)
}

/** oclif's own parse errors are invalid input (exit 2); a full or read-only disk, exit 6; anything else unknown is exit 1. */
export function toDeskError(error: Error & {oclif?: {exit?: number}; code?: string}): DeskError | undefined {
  if (error instanceof DeskError) return error
  if (error.oclif?.exit === 2 || /^(Unexpected argument|Missing|Expected|Nonexistent flag|The following error|Flag --|Parsing --)/.test(error.message)) {
    return argvError(error.message)
  }
  if (error.code === 'ENOSPC' || error.code === 'EROFS' || error.code === 'EACCES') {
    return new InfrastructureError(error.message)
  }
  return undefined
}

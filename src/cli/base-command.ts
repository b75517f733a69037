import {Command, Flags, Interfaces} from '@oclif/core'
import type {Actor} from '../app/actor'
import type {DeskContext} from '../app/context'
import {AuthError, DeskError, InfrastructureError, InvalidInputError, PermissionError} from '../domain/errors'
import {text} from '../domain/messages/text'
import type {Locale} from '../domain/vocabulary'
import type {Style} from './style'
import {localeSetting, readerLocale} from '../domain/locale-setting'
import {argvError} from './argv-error'
import {REMOTE_COMMANDS} from './remote/mode'
import {terminalWidth} from './terminal-width'
import type {ParsedCommand, RemoteCommand} from './verbs'

/**
 * The base of every nss command (STYLE: plugin-org). `--json` is oclif's own flag: the value `run()`
 * returns is the JSON output. Errors are translated to exit codes here and nowhere else (SPEC §9).
 */
export abstract class DeskCommand extends Command {
  static override enableJsonFlag = true

  private context?: DeskContext

  /**
   * With NSS_URL set, the office and reviewer commands go to the desk server (src/cli/remote); every
   * other command is an ops command of the desk's host and stays local — it says so, once, on stderr.
   */
  override async init(): Promise<void> {
    await super.init()
    // NSS_LOCALE is checked before anything runs: `fr` is refused, never read as Japanese (issue 13).
    localeSetting()
    const id = this.id ?? ''
    if (process.env.NSS_URL?.trim() && !['login', 'logout', ...REMOTE_COMMANDS].includes(id)) {
      process.stderr.write(`nss: note: NSS_URL is set, but nss ${id.replace(/:/g, ' ')} is an ops command: it works on the local desk (NSS_HOME), not through the server\n`)
    }
  }

  /** The desk's context, opened on first use and closed when the command ends. */
  protected async desk(): Promise<DeskContext> {
    if (!this.context) {
      const {openContext} = await import('../app/context')
      this.context = await openContext()
    }
    return this.context
  }

  /** Colour only on a terminal, never in JSON, never with NO_COLOR. */
  protected get style(): Style {
    // Loaded here, not at the top: chalk is for human output, and `--json` runs never ask (SPEC §14).
    const {createStyle} = require('./style') as typeof import('./style')
    return createStyle(Boolean(process.stdout.isTTY) && !this.jsonEnabled() && !process.env.NO_COLOR)
  }

  /**
   * The `--json` output, as oclif prints it (two-space indentation, one newline) without its colouring
   * pass: nss sets no JSON theme, so that pass changes no character, and it tokenises the whole text
   * (0.6 s for a list of 50,000 applications; docs/performance.md).
   */
  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /** Prints human output (nothing with --json). */
  protected print(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }

  /** The office acting, from --office or NSS_OFFICE, with its password from NSS_PASSWORD or a prompt. */
  protected async officeActor(code: string | undefined): Promise<Extract<Actor, {kind: 'office'}>> {
    const id = code ?? process.env.NSS_OFFICE
    if (!id) throw new AuthError(text('cli.officeMissing'))
    return this.login('office', id) as Promise<Extract<Actor, {kind: 'office'}>>
  }

  /** The reviewer acting, from --reviewer or NSS_REVIEWER, with the password from NSS_PASSWORD or a prompt. */
  protected async reviewerActor(id: string | undefined): Promise<Extract<Actor, {kind: 'reviewer'}>> {
    const reviewer = id ?? process.env.NSS_REVIEWER
    if (!reviewer) throw new AuthError(text('cli.reviewerMissing'))
    return this.login('reviewer', reviewer) as Promise<Extract<Actor, {kind: 'reviewer'}>>
  }

  /**
   * For commands both offices and reviewers use (`status`): whichever --office / --reviewer (or env)
   * names. A verb of one role alone takes its actor from that role's flag or variable only (runVerb), so
   * with both NSS_OFFICE and NSS_REVIEWER exported only `status` has to be told who acts.
   */
  protected async anyActor(flags: {office?: string; reviewer?: string}): Promise<Actor> {
    if (flags.office && flags.reviewer) {
      throw new InvalidInputError(text('cli.bothActorFlags'), [{path: 'argv', message: text('cli.oneActorAtATime')}])
    }
    if (flags.reviewer) return this.reviewerActor(flags.reviewer)
    if (flags.office) return this.officeActor(flags.office)
    if (process.env.NSS_OFFICE && process.env.NSS_REVIEWER) {
      throw new InvalidInputError(text('cli.bothActorEnv'), [{path: 'env', message: text('cli.ambiguousActor')}])
    }
    if (process.env.NSS_REVIEWER) return this.reviewerActor(undefined)
    if (process.env.NSS_OFFICE) return this.officeActor(undefined)
    throw new AuthError(text('cli.actorMissing'))
  }

  /**
   * Runs an office or reviewer command in local mode (issue 12): the operation its argv asks for
   * (src/cli/verbs.ts, shared with the remote mode), as the actor who logs in here, printed as a screen
   * or returned as the JSON output; a change's new mails are tried at once.
   */
  protected async runVerb(command: RemoteCommand, parsed: ParsedCommand): Promise<unknown> {
    const {completeResult, exitCodeOfResult, jsonOfResult, operationOf, receiptOfResult, renderResult} = await import('./verbs')
    const operation = await operationOf(command, parsed)
    const {CHANGING_VERBS, VERB_ROLES, runOperation} = await import('../app/desk-operations')
    const flags = parsed.flags as {office?: string; reviewer?: string}
    const role = VERB_ROLES[operation.verb]
    const token = process.env.NSS_TOKEN?.trim()
    const actor = token ? await this.tokenActor(token, flags, CHANGING_VERBS.has(operation.verb))
      : role === 'office' ? await this.officeActor(flags.office)
        : role === 'reviewer' ? await this.reviewerActor(flags.reviewer)
          : await this.anyActor(flags)
    // What the verb answers is read in NSS_LOCALE's language; the mails it sends, in the office's.
    const result = completeResult(operation.verb, await runOperation({...await this.desk(), readerLocale: localeSetting()}, actor, operation), parsed) as Awaited<ReturnType<typeof runOperation>>
    // With --json the result is the output: the renderers (string widths, colour) are not even loaded.
    if (!this.jsonEnabled()) this.print(renderResult(operation.verb, result, this.locale, this.style, terminalWidth()))
    const receiptNo = receiptOfResult(result)
    const noticeMailId = (result as {noticeMailId?: number | null}).noticeMailId
    if (CHANGING_VERBS.has(operation.verb) && receiptNo) await this.deliverAfterCommit({receiptNo})
    else if (CHANGING_VERBS.has(operation.verb) && noticeMailId) await this.deliverAfterCommit({rowIds: [noticeMailId]})
    process.exitCode = exitCodeOfResult(operation.verb, result)
    return jsonOfResult(operation.verb, result, this.locale)
  }

  /**
   * NSS_TOKEN in local mode (issue 16): an API token says who acts, as it does to the desk server (the
   * same check, src/app/api-token-check.ts): its hash looked up in the store, no scrypt — a password's
   * check was a quarter of every `nss status` call. An actor named by --office or --reviewer must be
   * the token's (the server's Nss-Acting-As rule); NSS_OFFICE, NSS_REVIEWER and NSS_PASSWORD are not
   * read. A read-only token changes nothing (exit 4). The role of the verb is checked by the use case,
   * as for any actor.
   */
  private async tokenActor(token: string, flags: {office?: string; reviewer?: string}, changes: boolean): Promise<Actor> {
    if (flags.office && flags.reviewer) {
      throw new InvalidInputError(text('cli.bothActorFlags'), [{path: 'argv', message: text('cli.oneActorAtATime')}])
    }
    const {actorOfPrincipal, authenticateApiToken} = await import('../app/api-token-check')
    const {actorName} = await import('../app/actor')
    const principal = await authenticateApiToken(await this.desk(), token)
    const actor = actorOfPrincipal(principal)
    const named = flags.office ? `office:${flags.office.normalize('NFKC').trim().toUpperCase()}` : flags.reviewer ? `reviewer:${flags.reviewer.trim()}` : undefined
    if (named && named !== actorName(actor)) throw new PermissionError(text('server.actingAsOther', {principal: actorName(actor), actingAs: named}))
    if (changes && principal.readOnly) throw new PermissionError(text('server.readOnlyToken'))
    return actor
  }

  /** A password from NSS_PASSWORD, else a hidden prompt on a terminal. */
  protected readPassword(question: string): Promise<string> {
    return readPassword(question)
  }

  private async login(kind: 'office' | 'reviewer', id: string): Promise<Actor> {
    const {SCREEN_LABELS} = await import('./labels')
    const password = await readPassword(SCREEN_LABELS[this.locale].passwordPrompt(kind, id))
    const {authenticate} = await import('../app/authenticate')
    return authenticate(await this.desk(), {kind, id, password})
  }

  /**
   * After a state change has committed, tries its new mails once (SPEC §10: "the CLI tries once at
   * once"), with short timeouts. Never fails the command — the change is done and its mails are safe in
   * the outbox: a mail not sent stays there for `nss mail deliver` / the daemon, with a warning on stderr
   * (stdout keeps the command's result, and only JSON with --json).
   */
  protected async deliverAfterCommit(target: {receiptNo: string} | {rowIds: number[]}): Promise<void> {
    const {sendNewMailsNow} = await import('../app/send-now')
    const warnings = await sendNewMailsNow(await this.desk(), target, this.locale)
    for (const warning of warnings.said) process.stderr.write(`nss: warning: ${warning}\n`)
  }

  /** The locale of human messages: NSS_LOCALE, else Japanese (a screen of an office's own data: its locale, src/cli/verbs.ts). */
  protected get locale(): Locale {
    return readerLocale()
  }

  override async catch(error: Interfaces.CommandError): Promise<void> {
    const {reportError} = await import('./error-output')
    const deskError = toDeskError(error)
    // A desk error's `message` is said in English (the log language) when read: it is not read here.
    process.exitCode = reportError(deskError, deskError ? '' : error.message, this.jsonEnabled(), this.locale, String(error.stack))
  }

  override async finally(error: Error | undefined): Promise<void> {
    await this.context?.store.close().catch(() => undefined)
    return super.finally(error)
  }
}

/** Common flags of office and reviewer commands. */
export const actorFlags = {
  office: Flags.string({description: 'office code acting (or NSS_OFFICE); password from NSS_PASSWORD or a prompt'}),
  reviewer: Flags.string({description: 'reviewer ID acting (or NSS_REVIEWER); password from NSS_PASSWORD or a prompt'}),
}

async function readPassword(question: string): Promise<string> {
  const fromEnv = process.env.NSS_PASSWORD
  if (fromEnv !== undefined) return fromEnv
  if (!process.stdin.isTTY) throw new AuthError(text('cli.noPassword'))
  const {promptHidden} = await import('./prompt')
  return promptHidden(question)
}

/** oclif's own parse errors are invalid input (exit 2); anything else unknown is exit 1. */
function toDeskError(error: Error & {oclif?: {exit?: number}; code?: string}): DeskError | undefined {
  if (error instanceof DeskError) return error
  if (error.oclif?.exit === 2 || /^(Unexpected argument|Missing|Expected|Nonexistent flag|The following error|Flag --|Parsing --)/.test(error.message)) {
    return argvError(error.message)
  }
  if (error.code === 'ENOSPC' || error.code === 'EROFS' || error.code === 'EACCES') {
    return new InfrastructureError(error.message)
  }
  return undefined
}

export {terminalWidth} from './terminal-width'


import {Command, Flags, Interfaces} from '@oclif/core'
import type {Actor} from '../app/actor'
import type {DeskContext} from '../app/context'
import {withoutControlCharacters} from '../domain/control-characters'
import {AuthError, DeskError, InfrastructureError, InvalidInputError, Issue} from '../domain/errors'
import type {Locale} from '../domain/vocabulary'
import type {Style} from './style'

/**
 * The base of every nss command (STYLE: plugin-org). `--json` is oclif's own flag: the value `run()`
 * returns is the JSON output. Errors are translated to exit codes here and nowhere else (SPEC §9).
 */
export abstract class DeskCommand extends Command {
  static override enableJsonFlag = true

  private context?: DeskContext

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
   * (0.6 s for a list of 50,000 applications; README, Performance).
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
    if (!id) throw new AuthError('say which office acts: --office CODE or NSS_OFFICE')
    return this.login('office', id) as Promise<Extract<Actor, {kind: 'office'}>>
  }

  /** The reviewer acting, from --reviewer or NSS_REVIEWER, with the password from NSS_PASSWORD or a prompt. */
  protected async reviewerActor(id: string | undefined): Promise<Extract<Actor, {kind: 'reviewer'}>> {
    const reviewer = id ?? process.env.NSS_REVIEWER
    if (!reviewer) throw new AuthError('say which reviewer acts: --reviewer ID or NSS_REVIEWER')
    return this.login('reviewer', reviewer) as Promise<Extract<Actor, {kind: 'reviewer'}>>
  }

  /** For commands both offices and reviewers use: whichever --office / --reviewer (or env) names. */
  protected async anyActor(flags: {office?: string; reviewer?: string}): Promise<Actor> {
    if (flags.office && flags.reviewer) {
      throw new InvalidInputError('give --office or --reviewer, not both', [{path: 'argv', message: 'one actor at a time'}])
    }
    if (flags.reviewer) return this.reviewerActor(flags.reviewer)
    if (flags.office) return this.officeActor(flags.office)
    if (process.env.NSS_OFFICE && process.env.NSS_REVIEWER) {
      throw new InvalidInputError('both NSS_OFFICE and NSS_REVIEWER are set: say --office or --reviewer', [{path: 'env', message: 'ambiguous actor'}])
    }
    return process.env.NSS_REVIEWER ? this.reviewerActor(undefined) : this.officeActor(undefined)
  }

  private async login(kind: 'office' | 'reviewer', id: string): Promise<Actor> {
    const password = await readPassword(`${kind} ${id} password: `)
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
    const warn = (text: string) => process.stderr.write(`nss: warning: ${text}\n`)
    try {
      const [{deliverOutbox}, {QUICK_TIMEOUTS}] = await Promise.all([
        import('../app/deliver-outbox.use-case'), import('../mail/outbound/transports/smtp'),
      ])
      const scope = 'receiptNo' in target ? {receiptNo: target.receiptNo, onlyNew: true} : {rowIds: target.rowIds}
      const report = await deliverOutbox(await this.desk(), scope, {timeouts: QUICK_TIMEOUTS})
      for (const mail of report.mails.filter(m => m.status !== 'sent')) {
        warn(mail.status === 'failed'
          ? `the ${mail.kind} mail (id ${mail.id}) was refused: ${mail.error} — see nss mail outbox`
          : `the ${mail.kind} mail (id ${mail.id}) is not sent yet (${mail.error}); it stays in the outbox and is retried`)
      }
    } catch (error) {
      const issues = error instanceof DeskError ? error.issues.map(i => `\n  - ${i.path}: ${i.message}`).join('') : ''
      warn(`the mail was not sent now (${error instanceof Error ? error.message : String(error)}); it stays in the outbox for nss mail deliver${issues}`)
    }
  }

  /** The locale of human messages when no office locale is known. */
  protected get locale(): Locale {
    return (process.env.NSS_LOCALE === 'en' ? 'en' : 'ja')
  }

  override async catch(error: Interfaces.CommandError): Promise<void> {
    const deskError = toDeskError(error)
    process.exitCode = deskError?.exitCode ?? 1
    // A message may quote input (an unknown key, a value): its control characters never reach the
    // terminal (issue 11 point 10); JSON would escape C0 but not C1 or the text-direction controls.
    const body = {
      code: deskError?.code ?? 'unexpected',
      message: withoutControlCharacters(deskError?.message ?? `unexpected error: ${error.message}`),
      issues: (deskError?.issues ?? []).map(i => ({path: withoutControlCharacters(i.path), message: withoutControlCharacters(i.message)})),
    }
    if (this.jsonEnabled()) {
      process.stdout.write(`${JSON.stringify({error: body}, null, 2)}\n`)
      return
    }
    const lines = [`nss: ${body.message}`, ...body.issues.map((i: Issue) => `  - ${i.path}: ${i.message}`)]
    if (!deskError && process.env.NSS_DEBUG) lines.push(String(error.stack))
    process.stderr.write(`${lines.join('\n')}\n`)
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
  if (!process.stdin.isTTY) throw new AuthError('no password: set NSS_PASSWORD or run on a terminal')
  const {promptHidden} = await import('./prompt')
  return promptHidden(question)
}

/** oclif's own parse errors are invalid input (exit 2); anything else unknown is exit 1. */
function toDeskError(error: Error & {oclif?: {exit?: number}; code?: string}): DeskError | undefined {
  if (error instanceof DeskError) return error
  if (error.oclif?.exit === 2 || /^(Unexpected argument|Missing|Expected|Nonexistent flag|The following error)/.test(error.message)) {
    return new InvalidInputError(error.message.split('\n')[0], [{path: 'argv', message: error.message}])
  }
  if (error.code === 'ENOSPC' || error.code === 'EROFS' || error.code === 'EACCES') {
    return new InfrastructureError(error.message)
  }
  return undefined
}

/** Lay tables out for the terminal's width; piped output is not wrapped. */
export function terminalWidth(): {maxWidth?: number} {
  return process.stdout.isTTY && process.stdout.columns ? {maxWidth: process.stdout.columns} : {}
}

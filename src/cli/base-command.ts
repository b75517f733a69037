import {Command, Flags, Interfaces} from '@oclif/core'
import type {DeskContext} from '../app/context'
import type {Locale} from '../domain/vocabulary'
import type {Style} from './style'
import {localeSetting, readerLocale} from '../domain/locale-setting'
import {deliverAfterCommit, printText, readPassword, runVerbLocally, toDeskError} from './local-verbs'
import {REMOTE_COMMANDS} from './remote/mode'
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
    if (!this.jsonEnabled()) printText(text)
  }

  /**
   * Runs an office or reviewer command in local mode (issue 12): src/cli/local-verbs.ts, which the
   * direct entry (bin/run.js without oclif) runs too.
   */
  protected async runVerb(command: RemoteCommand, parsed: ParsedCommand): Promise<unknown> {
    return runVerbLocally({desk: () => this.desk(), json: this.jsonEnabled()}, command, parsed)
  }

  /** A password from NSS_PASSWORD, else a hidden prompt on a terminal. */
  protected readPassword(question: string): Promise<string> {
    return readPassword(question)
  }

  /** After a state change has committed, tries its new mails once (local-verbs.ts). */
  protected async deliverAfterCommit(target: {receiptNo: string} | {rowIds: number[]}): Promise<void> {
    return deliverAfterCommit({desk: () => this.desk(), json: this.jsonEnabled()}, target)
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

export {terminalWidth} from './terminal-width'


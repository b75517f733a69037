/**
 * The error catalogue (SPEC §9). Every failure a user can see is one of these classes; each carries a
 * stable `code` for `--json` and maps to one exit code. The CLI edge translates them in one place
 * (src/cli/base-command.ts); nothing else decides exit codes.
 */

import type {LocalText} from './messages/text'
import type {Locale} from './vocabulary'

/** One problem found in an input, with the path of the field it concerns (`entries[0].userCode`). */
export interface Issue {
  path: string
  message: string
}

/** An issue as code raises it: its message may be a catalogue text, said in the reader's language at the edge. */
export interface IssueInput {
  path: string
  message: string | LocalText
}

/** English is the language of logs: what `error.message` says when the reader's language is not known. */
const LOG_LOCALE: Locale = 'en'

export abstract class DeskError extends Error {
  abstract readonly code: string
  abstract readonly exitCode: number
  private readonly text: string | LocalText
  private readonly issueInputs: IssueInput[]

  /**
   * `message` and each issue's message are plain strings (already in the reader's language, e.g. the
   * validation of an office's application) or catalogue texts (`text('app.noApplication', …)`), which
   * `in(locale)` says in the language of whoever reads them.
   */
  constructor(message: string | LocalText, issues: IssueInput[] = []) {
    super(typeof message === 'string' ? message : undefined)
    this.name = new.target.name
    this.text = message
    this.issueInputs = issues
    // A catalogue text is rendered only when read: the catalogue loads for errors that are printed.
    if (typeof message !== 'string') {
      Object.defineProperty(this, 'message', {get: () => say(LOG_LOCALE, message), configurable: true, enumerable: false})
    }
  }

  /** The message and issues as raised, catalogue texts unsaid: to carry them into another error or say them later. */
  get raised(): {message: string | LocalText; issues: IssueInput[]} {
    return {message: this.text, issues: this.issueInputs}
  }

  /** The issues in the language of logs. */
  get issues(): Issue[] {
    return this.in(LOG_LOCALE).issues
  }

  /** The message and the issues in a reader's language. */
  in(locale: Locale): {message: string; issues: Issue[]} {
    return {
      message: say(locale, this.text),
      issues: this.issueInputs.map(issue => ({path: issue.path, message: say(locale, issue.message)})),
    }
  }
}

function say(locale: Locale, value: string | LocalText): string {
  if (typeof value === 'string') return value
  return (require('./messages') as typeof import('./messages')).renderText(locale, value)
}

/** Exit 2: the input is invalid; `issues` lists every problem at once. */
export class InvalidInputError extends DeskError {
  readonly code = 'invalid_input'
  readonly exitCode = 2
}

/** Exit 3: the thing asked for does not exist. */
export class NotFoundError extends DeskError {
  readonly code = 'not_found'
  readonly exitCode = 3
}

/** Exit 4: wrong or missing credentials, a locked account, or acting on what belongs to someone else. */
export class AuthError extends DeskError {
  readonly code: string = 'unauthorized'
  readonly exitCode = 4
}

/** Exit 4: authenticated, but this actor may not do this. */
export class PermissionError extends AuthError {
  override readonly code = 'forbidden'
}

/** Exit 5: the application is in the wrong state, or changed concurrently. */
export class ConflictError extends DeskError {
  readonly code: string = 'conflict'
  readonly exitCode = 5
}

/** Exit 5: issued passwords asked for after their viewing window closed (SPEC §7). */
export class PasswordWindowClosedError extends ConflictError {
  override readonly code = 'password_window_closed'
}

/** Exit 6: the store, a mail server or the configuration is unusable. */
export class InfrastructureError extends DeskError {
  readonly code = 'infrastructure'
  readonly exitCode = 6
}

/** The exit code of any thrown value: a DeskError's own, 1 for anything unexpected. */
export function exitCodeOf(error: unknown): number {
  return error instanceof DeskError ? error.exitCode : 1
}

/** Exit 5: an idempotency key given again with another request than the one it was first used for. */
export class IdempotencyKeyReusedError extends ConflictError {
  override readonly code = 'idempotency_key_reused'
}

/** Exit 6: too many requests to the desk server for now; try again later. */
export class RateLimitedError extends DeskError {
  readonly code = 'rate_limited'
  readonly exitCode = 6
}

/**
 * An error the desk server answered (the remote CLI, issue 12): its code, message and issues as the
 * server's use case raised them, and the exit code its HTTP status maps onto (src/api/http.ts), so a
 * command fails remotely as it would locally.
 */
export class ReportedError extends DeskError {
  constructor(readonly code: string, readonly exitCode: number, message: string, issues: Issue[] = []) {
    super(message, issues)
  }
}

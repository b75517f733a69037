/**
 * The error catalogue (SPEC §9). Every failure a user can see is one of these classes; each carries a
 * stable `code` for `--json` and maps to one exit code. The CLI edge translates them in one place
 * (src/cli/base-command.ts); nothing else decides exit codes.
 */

/** One problem found in an input, with the path of the field it concerns (`entries[0].userCode`). */
export interface Issue {
  path: string
  message: string
}

export abstract class DeskError extends Error {
  abstract readonly code: string
  abstract readonly exitCode: number
  readonly issues: Issue[]

  constructor(message: string, issues: Issue[] = []) {
    super(message)
    this.name = new.target.name
    this.issues = issues
  }
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

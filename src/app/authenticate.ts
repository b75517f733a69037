import {AuthError} from '../domain/errors'
import {text} from '../domain/messages/text'
import type {ActorKind} from '../domain/lifecycle'
import type {DeskContext} from './context'
import {verifyPassword} from './password-hash'
import {Actor, actorName} from './actor'

export interface Credentials {
  kind: ActorKind
  id: string
  password: string
}

/**
 * A hash no password matches in practice, checked for an unknown or a locked account so that it costs
 * the same one scrypt as a real check and timing does not tell them apart. Built once, with the
 * parameters of password-hash.ts; it guards nothing, so it may be in the source.
 */
const DUMMY_HASH = 'scrypt$16384$8$1$F0QeP5JMVaDBWMgccvUqtw==$pwlyegbNl8D5SNhUscXD7mxczgWXt1V8LS/jkrwcqCs='

/**
 * Checks an office's or a reviewer's password (SPEC §9). Wrong credentials, an unknown account and a
 * locked account all exit 4 with the same message, so the answer does not tell which accounts exist
 * or which are locked; each costs one scrypt.
 *
 * Throttling holds under concurrent logins (issue 11 point 9): the lock and the count are read, the
 * password checked and the result written in one write transaction (read-models.ts, LOGIN_STATEMENTS),
 * so concurrent attempts on one account are checked one after the other: at most `lockThreshold` wrong
 * passwords are ever checked against the hash before the lock, a failure never clears a lock, and an
 * attempt during a lock is refused unchecked, the right password too. Attempts with the right password
 * only wait their turn: they are never counted, so running commands side by side locks nothing out.
 */
export async function authenticate(ctx: DeskContext, credentials: Credentials): Promise<Actor> {
  const id = credentials.kind === 'office' ? credentials.id.trim().toUpperCase() : credentials.id.trim()
  const {kind} = credentials
  const now = ctx.clock.now()
  const actor: Actor = kind === 'office' ? {kind: 'office', code: id} : {kind: 'reviewer', id}
  const policy = {
    now: now.toISOString(),
    threshold: ctx.config.lockThreshold,
    lockUntil: new Date(now.getTime() + ctx.config.lockMinutes * 60_000).toISOString(),
    actor: actorName(actor),
  }
  // The read models' connection, not TypeORM: every office and reviewer command logs in first (SPEC §14).
  const check = await ctx.store.logins(counter => counter.checkLogin(kind, id, policy, hash => verifyPassword(credentials.password, hash)))
  if (check.outcome === 'accepted') return actor
  // Refused unchecked: the same one scrypt as a real check, after the transaction, so timing tells nothing.
  if (check.outcome === 'refused') await verifyPassword(credentials.password, DUMMY_HASH)
  throw loginRefusal(ctx, credentials)
}

/**
 * The one answer to a refused login, whatever the reason (wrong, unknown, locked; the desk server's
 * throttle per client address too), so that it tells nothing.
 */
export function loginRefusal(ctx: DeskContext, credentials: Pick<Credentials, 'kind' | 'id'>): AuthError {
  const id = credentials.kind === 'office' ? credentials.id.trim().toUpperCase() : credentials.id.trim()
  return new AuthError(text(credentials.kind === 'office' ? 'app.loginRefusedOffice' : 'app.loginRefusedReviewer',
    {id, minutes: ctx.config.lockMinutes, threshold: ctx.config.lockThreshold}))
}

/** Costs what a real check costs, for a login refused before it reached the account (the server's throttle). */
export async function spendOneCheck(password: string): Promise<void> {
  await verifyPassword(password, DUMMY_HASH)
}

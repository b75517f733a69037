import {AuthError} from '../domain/errors'
import type {ActorKind} from '../domain/lifecycle'
import type {LoginReservation} from '../store/read-models'
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
 * Throttling holds under concurrent logins (issue 11 point 9): an attempt is counted as a failure
 * before its password is checked, in one atomic statement that also reads and sets the lock
 * (read-models.ts, LOGIN_STATEMENTS): PostgreSQL's row lock or SQLite's write lock orders concurrent
 * attempts, so at most `lockThreshold` attempts are checked against the hash before the lock takes,
 * and an attempt made while the account is locked is refused unchecked, the right password too. The
 * scrypt runs after that statement has committed, holding no lock. A wrong password then only records
 * its audit row: it never writes the lock, so it can never clear one. A right password takes back its
 * own attempt and those counted before it (a success resets the count, as one login at a time would)
 * and lifts the lock only if its own attempt took it. A process killed between the two steps leaves
 * its attempt counted as a failure: the safe side.
 */
export async function authenticate(ctx: DeskContext, credentials: Credentials): Promise<Actor> {
  const id = credentials.kind === 'office' ? credentials.id.trim().toUpperCase() : credentials.id.trim()
  const now = ctx.clock.now()
  const policy = {
    now: now.toISOString(),
    threshold: ctx.config.lockThreshold,
    lockUntil: new Date(now.getTime() + ctx.config.lockMinutes * 60_000).toISOString(),
  }
  // The read models' connection, not TypeORM: every office and reviewer command logs in first (SPEC §14).
  const reservation = await ctx.store.logins(counter => counter.reserveLogin(credentials.kind, id, policy))
  const refused = new AuthError(
    `authentication failed for ${credentials.kind} ${id}: wrong ID or password, or the account is locked `
    + `for ${ctx.config.lockMinutes} minutes after ${ctx.config.lockThreshold} failed logins`)

  if (!reservation) {
    await verifyPassword(credentials.password, DUMMY_HASH)
    throw refused
  }
  const actor: Actor = credentials.kind === 'office' ? {kind: 'office', code: id} : {kind: 'reviewer', id}
  if (await verifyPassword(credentials.password, reservation.passwordHash)) {
    await ctx.store.logins(counter => counter.forgiveLogins(credentials.kind, id, reservation))
    return actor
  }
  await recordFailure(ctx, now, actor, reservation)
  throw refused
}

/**
 * The audit row of a failed login: which failure it was, and whether it took the lock. Written on the
 * read models' connection like the counter, so a wrong password costs about what an unknown account
 * does (no TypeORM to load) and its timing tells little more.
 */
async function recordFailure(ctx: DeskContext, now: Date, actor: Actor, reservation: LoginReservation): Promise<void> {
  const action = reservation.lockedUntil !== null ? 'login_locked' : 'login_failed'
  const detail = `failure ${reservation.failedLogins} of ${ctx.config.lockThreshold}`
  await ctx.store.logins(counter => counter.recordLoginFailure({at: now.toISOString(), actor: actorName(actor), action, detail}))
}

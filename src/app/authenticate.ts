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

/** How long an attempt waits for a full count to clear (the attempts in flight to be checked) before it locks. */
const FULL_COUNT_WAIT_MS = 5000

/**
 * Checks an office's or a reviewer's password (SPEC §9). Wrong credentials, an unknown account and a
 * locked account all exit 4 with the same message, so the answer does not tell which accounts exist
 * or which are locked; each costs one scrypt.
 *
 * Throttling holds under concurrent logins (issue 11 point 9): an attempt is counted as a failure
 * before its password is checked, in one atomic statement that reads the lock and the count
 * (read-models.ts, LOGIN_STATEMENTS; PostgreSQL's row lock or SQLite's write lock orders concurrent
 * attempts), and only while fewer than `lockThreshold` are counted: at most that many are ever checked
 * against the hash before the lock. The scrypt runs after that statement, holding no lock. An attempt
 * that finds the count full waits for those in flight (a script running commands side by side with the
 * right password is not locked out); if the count stays full it takes the lock. A wrong password takes
 * the lock once the count has reached the threshold and never clears one; an attempt during a lock is
 * refused unchecked, the right password too. A right password takes back its own attempt and those
 * counted before it (a success resets the count, as one login at a time would). A process killed
 * between the steps leaves its attempt counted as a failure: the safe side.
 */
export async function authenticate(ctx: DeskContext, credentials: Credentials): Promise<Actor> {
  const id = credentials.kind === 'office' ? credentials.id.trim().toUpperCase() : credentials.id.trim()
  const {kind} = credentials
  const now = ctx.clock.now()
  const policy = {
    now: now.toISOString(),
    threshold: ctx.config.lockThreshold,
    lockUntil: new Date(now.getTime() + ctx.config.lockMinutes * 60_000).toISOString(),
  }
  const refused = new AuthError(
    `authentication failed for ${kind} ${id}: wrong ID or password, or the account is locked `
    + `for ${ctx.config.lockMinutes} minutes after ${ctx.config.lockThreshold} failed logins`)
  const refuse = async (): Promise<never> => {
    await verifyPassword(credentials.password, DUMMY_HASH)
    throw refused
  }

  // The read models' connection, not TypeORM: every office and reviewer command logs in first (SPEC §14).
  const deadline = Date.now() + FULL_COUNT_WAIT_MS
  let reservation: LoginReservation | null
  while (!(reservation = await ctx.store.logins(counter => counter.reserveLogin(kind, id, policy)))) {
    const account = await ctx.store.snapshot(reads => reads.findAccount(kind, id))
    const isLocked = account?.lockedUntil != null && account.lockedUntil > policy.now
    if (!account?.passwordHash || isLocked || account.failedLogins < policy.threshold) return refuse()
    if (Date.now() > deadline) {
      await ctx.store.logins(counter => counter.failLogin(kind, id, policy))
      return refuse()
    }
    await new Promise(resolve => setTimeout(resolve, 20 + Math.random() * 40))
  }

  const actor: Actor = kind === 'office' ? {kind: 'office', code: id} : {kind: 'reviewer', id}
  if (await verifyPassword(credentials.password, reservation.passwordHash)) {
    await ctx.store.logins(counter => counter.forgiveLogins(kind, id, reservation!))
    return actor
  }
  const locked = await ctx.store.logins(counter => counter.failLogin(kind, id, policy))
  await recordFailure(ctx, now, actor, reservation, locked)
  throw refused
}

/**
 * The audit row of a failed login: which failure it was, and whether it took the lock. Written on the
 * read models' connection like the counter, so a wrong password costs about what an unknown account
 * does (no TypeORM to load) and its timing tells little more.
 */
async function recordFailure(ctx: DeskContext, now: Date, actor: Actor, reservation: LoginReservation, locked: boolean): Promise<void> {
  const action = locked ? 'login_locked' : 'login_failed'
  const detail = `failure ${reservation.failedLogins} of ${ctx.config.lockThreshold}`
  await ctx.store.logins(counter => counter.recordLoginFailure({at: now.toISOString(), actor: actorName(actor), action, detail}))
}

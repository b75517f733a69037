import {AuthError} from '../domain/errors'
import type {ActorKind} from '../domain/lifecycle'
import type {DeskContext} from './context'
import {hashPassword, verifyPassword} from './password-hash'
import {Actor} from './actor'


export interface Credentials {
  kind: ActorKind
  id: string
  password: string
}


let dummyHash: Promise<string> | undefined

/**
 * Checks an office's or a reviewer's password (SPEC §9). Wrong credentials, an unknown account and a
 * locked account all exit 4 with the same wording, so the answer does not tell which accounts exist.
 * After `lockThreshold` consecutive failures the account is locked for `lockMinutes`.
 */
export async function authenticate(ctx: DeskContext, credentials: Credentials): Promise<Actor> {
  const id = credentials.kind === 'office' ? credentials.id.trim().toUpperCase() : credentials.id.trim()
  // The read models, not TypeORM: every office and reviewer command logs in first (SPEC §14).
  const account = await ctx.store.snapshot(reads => reads.findAccount(credentials.kind, id))
  const now = ctx.clock.now()
  const refused = new AuthError(`authentication failed for ${credentials.kind} ${id}`)

  if (!account || !account.passwordHash) {
    // Spend the same time as a real check, so timing does not reveal unknown accounts.
    await verifyPassword(credentials.password, await (dummyHash ??= hashPassword('dummy-password')))
    throw refused
  }
  if (account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) {
    throw new AuthError(`${credentials.kind} ${id} is locked after repeated failed logins; try again after ${account.lockedUntil}`)
  }
  const actor: Actor = credentials.kind === 'office' ? {kind: 'office', code: id} : {kind: 'reviewer', id}
  if (await verifyPassword(credentials.password, account.passwordHash)) {
    if (account.failedLogins > 0 || account.lockedUntil) {
      await ctx.store.write(async m => {
        const {entity, key} = await accountTable(credentials.kind)
        await m.update(entity, {[key]: id}, {failedLogins: 0, lockedUntil: null})
      })
    }
    return actor
  }
  await ctx.store.write(async m => {
    const {entity, key} = await accountTable(credentials.kind)
    const fresh = await m.findOneByOrFail(entity, {[key]: id})
    const failedLogins = fresh.failedLogins + 1
    const locks = failedLogins >= ctx.config.lockThreshold
    const lockedUntil = locks ? new Date(now.getTime() + ctx.config.lockMinutes * 60_000).toISOString() : null
    await m.update(entity, {[key]: id}, {failedLogins: locks ? 0 : failedLogins, lockedUntil})
    const {recordAudit} = await import('./audit')
    await recordAudit(m, now, actor, locks ? 'login_locked' : 'login_failed', null, `failure ${failedLogins}`)
  })
  throw refused
}

/** The entity and key of an account kind. The entities (TypeORM) load only when a login writes. */
async function accountTable(kind: ActorKind) {
  const {OfficeEntity, ReviewerEntity} = await import('../store/entities')
  return kind === 'office' ? {entity: OfficeEntity, key: 'code'} : {entity: ReviewerEntity, key: 'id'}
}

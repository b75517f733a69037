import {text} from '../domain/messages/text'
import type {EntityManager} from 'typeorm'
import {IsNull, LessThan} from 'typeorm'
import type {Application} from '../domain/application'
import {ConflictError, InfrastructureError, PasswordWindowClosedError} from '../domain/errors'
import {endOfTokyoDay, LocalDate, tokyoDateOf, toTokyoIso} from '../domain/japan-time'
import {generateNaccsPassword, passwordVisibleUntil} from '../domain/naccs-password'
import {formatUserId} from '../domain/vocabulary'
import {IssuedPasswordEntity} from '../store/entities'
import type {Actor} from './actor'
import {loadApplicationFor} from './application-access'
import {recordAudit} from './audit'
import type {DeskContext} from './context'
import {SealedSecretError, SecretBox} from '../domain/secret-box'
import type {PasswordsView} from './views'

const PURPOSE = 'issued-passwords'

/** The sealed password is bound to its application and user ID, so a row cannot be swapped for another. */
function associatedData(receiptNo: string, userCode: string, ident: string): string {
  return `${receiptNo}:${formatUserId(userCode, ident)}`
}

/**
 * Issues a new NACCS-format password for every user ID whose reset the application asks for
 * (SPEC §7), sealed with AES-256-GCM. Returns the last day they can be viewed, or null if none.
 */
export async function issuePasswords(manager: EntityManager, ctx: DeskContext, app: Application, completedAt: Date): Promise<LocalDate | null> {
  const resets = app.entries.filter(e => e.passwordReset)
  if (resets.length === 0) return null
  const box = SecretBox.fromMasterKey(ctx.secret(), PURPOSE)
  const visibleUntil = passwordVisibleUntil(completedAt, ctx.calendar)
  for (const entry of resets) {
    for (const ident of entry.passwordReset!.ids) {
      await manager.insert(IssuedPasswordEntity, {
        receiptNo: app.receiptNo,
        userCode: entry.userCode,
        ident,
        sealed: box.seal(generateNaccsPassword(), associatedData(app.receiptNo, entry.userCode, ident)),
        visibleUntil,
        purgedAt: null,
      })
    }
  }
  return visibleUntil
}

/** Forgets the ciphertext of every password whose window has closed (SPEC §7). */
export async function purgeExpiredPasswords(manager: EntityManager, now: Date, receiptNo?: string): Promise<number> {
  // visibleUntil < today (Japan) means the window ended at 23:59:59 of an earlier day.
  const where = {visibleUntil: LessThan(tokyoDateOf(now)), purgedAt: IsNull(), ...(receiptNo ? {receiptNo} : {})}
  const result = await manager.update(IssuedPasswordEntity, where, {sealed: null, purgedAt: now.toISOString()})
  return result.affected ?? 0
}

/**
 * A sealed password in clear. One that does not open was sealed under another secret key (secret.key
 * replaced, e.g. by `nss init --new-secret` after it was lost) or altered in the store: exit 6, saying
 * what to do (issue 11 point 12), never exit 1, and nothing about the key or the ciphertext.
 */
function openSealed(box: SecretBox, sealed: string, context: string, receiptNo: string): string {
  try {
    return box.open(sealed, context)
  } catch (error) {
    if (!(error instanceof SealedSecretError)) throw error
    throw new InfrastructureError(
      `the issued passwords of ${receiptNo} cannot be opened with the secret key in NSS_HOME: it is not the key they `
      + 'were sealed with (secret.key replaced?) or the store was altered. Restore secret.key from the backup')
  }
}

/**
 * nss status RECEIPT --passwords: the issued passwords, to the applying office only, until the end of
 * the window; every viewing is recorded. After the window: exit 5 saying when it closed, and the
 * ciphertext is purged.
 */
export async function viewPasswords(ctx: DeskContext, actor: Extract<Actor, {kind: 'office'}>, receiptNo: string): Promise<PasswordsView> {
  const now = ctx.clock.now()
  const outcome = await ctx.store.write(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    const rows = await manager.find(IssuedPasswordEntity, {where: {receiptNo: app.receiptNo}, order: {userCode: 'ASC', ident: 'ASC'}})
    if (app.status !== 'completed' || rows.length === 0) {
      throw new ConflictError(text('app.noIssuedPasswords', {receiptNo: app.receiptNo}))
    }
    const visibleUntil = rows[0].visibleUntil
    if (now > endOfTokyoDay(visibleUntil) || rows.some(r => r.sealed === null)) {
      await purgeExpiredPasswords(manager, now, app.receiptNo)
      return {closed: visibleUntil}
    }
    const box = SecretBox.fromMasterKey(ctx.secret(), PURPOSE)
    const passwords = rows.map(r => ({
      userCode: r.userCode, ident: r.ident, password: openSealed(box, r.sealed!, associatedData(r.receiptNo, r.userCode, r.ident), app.receiptNo),
    }))
    await recordAudit(manager, now, actor, 'passwords_viewed', app.receiptNo, passwords.map(p => formatUserId(p.userCode, p.ident)).join(','))
    return {view: {receiptNo: app.receiptNo, visibleUntil, passwords}}
  })
  if ('closed' in outcome) {
    throw new PasswordWindowClosedError(
      `the passwords of ${receiptNo} could be viewed until ${toTokyoIso(endOfTokyoDay(outcome.closed!)).slice(0, 19).replace('T', ' ')} (Japan time); the window has closed`)
  }
  return outcome.view!
}

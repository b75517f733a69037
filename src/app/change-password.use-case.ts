/**
 * nss passwd (issue 13; the seed's ユーザー情報 パスワードの変更): an office or a reviewer changes its own
 * login password, locally or through the desk server (POST /api/v1/session/password).
 *
 * - The current password is checked by the one login check (authenticate.ts): a wrong one is exit 4,
 *   counts toward the lock like any failed login, and a locked account is refused. Through the server
 *   the token says who acts, and the current password is still asked: a token alone changes nothing.
 * - The new one must pass the one policy (src/domain/password-policy.ts), checked first: a refusal is
 *   exit 2, names every problem, spends no password check and changes nothing.
 * - In the same transaction as the new hash, every other login token of the account (the tokens of
 *   `nss login`, api-token.ts createLoginToken) is revoked: whoever logged in with the old password is
 *   logged out. The token of the request itself stays. Tokens ops created for scripts (`nss token
 *   create`) stay too: they were never logins with the password, and ops revoke them with `nss token revoke`.
 * - An audit row records the change and how many tokens were revoked — never a password.
 */
import {text} from '../domain/messages/text'
import {IsNull, Like, Not} from 'typeorm'
import {InvalidInputError} from '../domain/errors'
import {passwordPolicyIssues} from '../domain/password-policy'
import {ApiTokenEntity, OfficeEntity, ReviewerEntity} from '../store/entities'
import {Actor, actorName} from './actor'
import {LOGIN_TOKEN_NAME_PREFIX} from './api-token'
import {recordAudit} from './audit'
import {authenticate} from './authenticate'
import type {DeskContext} from './context'
import {hashPassword} from './password-hash'

export interface PasswordChange {
  principal: Actor
  changedAt: string
  /** The ids of the login tokens revoked (the token of the request, if any, is not among them). */
  revokedLoginTokens: string[]
}

/**
 * Changes the password of the account `claimed` names (not yet authenticated: the current password
 * is checked here), revoking its other login tokens. `keepTokenId`: the token the request came with.
 */
export async function changePassword(
  ctx: DeskContext, claimed: Actor, currentPassword: string, newPassword: string, options: {keepTokenId?: string} = {},
): Promise<PasswordChange> {
  const accountId = claimed.kind === 'office' ? claimed.code : claimed.id
  const issues = passwordPolicyIssues(newPassword, {accountId, currentPassword}, 'newPassword')
  if (issues.length > 0) throw new InvalidInputError(text('app.newPasswordRefused'), issues)
  const actor = await authenticate(ctx, {kind: claimed.kind, id: accountId, password: currentPassword})
  const passwordHash = await hashPassword(newPassword)
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    if (actor.kind === 'office') {
      await manager.update(OfficeEntity, {code: actor.code}, {passwordHash, failedLogins: 0, lockedUntil: null})
    } else {
      await manager.update(ReviewerEntity, {id: actor.id}, {passwordHash, failedLogins: 0, lockedUntil: null})
    }
    const owner = actor.kind === 'office' ? {officeCode: actor.code} : {reviewerId: actor.id}
    const logins = await manager.find(ApiTokenEntity, {
      select: {id: true},
      where: {
        ...owner, revokedAt: IsNull(), name: Like(`${LOGIN_TOKEN_NAME_PREFIX}%`),
        ...(options.keepTokenId ? {id: Not(options.keepTokenId)} : {}),
      },
      order: {id: 'ASC'},
    })
    const revoked = logins.map(row => row.id)
    if (revoked.length > 0) {
      for (const id of revoked) await manager.update(ApiTokenEntity, {id, revokedAt: IsNull()}, {revokedAt: now.toISOString()})
    }
    await recordAudit(manager, now, actor, 'password_changed', null,
      `${actorName(actor)}: ${revoked.length} other login token(s) revoked${revoked.length > 0 ? ` (${revoked.join(', ')})` : ''}`)
    return {principal: actor, changedAt: now.toISOString(), revokedLoginTokens: revoked}
  })
}

/**
 * Human output of `nss token …` (issue 12), in the reader's language (src/cli/labels.ts); principals and
 * access stay the codes of the flags (office:CODE, read-only). Times are Japan time (SPEC §6).
 */
import type {ApiTokenView, CreatedApiToken} from '../../app/api-token'
import {actorName} from '../../app/actor'
import type {Locale} from '../../domain/vocabulary'
import {SCREEN_LABELS} from '../labels'
import type {Style} from '../style'
import {renderTable} from '../table'
import {formatScreenMinute, RenderOptions} from './layout'

/** nss token create: the token on a line of its own (to copy), then that it is shown only now. */
export function renderCreatedToken(created: CreatedApiToken, principal: string, locale: Locale, style: Style): string {
  const labels = SCREEN_LABELS[locale]
  return [
    style.success(labels.tokenCreated(created.id, principal, formatScreenMinute(created.expiresAt))),
    created.token,
    style.warning(labels.tokenShownOnce),
  ].join('\n')
}

/** nss token list */
export function renderTokenList(tokens: ApiTokenView[], locale: Locale, style: Style, options: RenderOptions = {}): string {
  const labels = SCREEN_LABELS[locale]
  if (tokens.length === 0) return style.muted(labels.tokensNone)
  const rows = tokens.map(t => [
    t.id, actorName(t.principal), t.name, t.readOnly ? 'read-only' : 'read-write',
    formatScreenMinute(t.createdAt), formatScreenMinute(t.expiresAt),
    t.lastUsedAt ? formatScreenMinute(t.lastUsedAt) : '', t.revokedAt ? formatScreenMinute(t.revokedAt) : '',
  ])
  const c = labels.tokenColumns
  return renderTable([c.id, c.principal, c.name, c.access, c.created, c.expires, c.lastUsed, c.revoked].map(style.label), rows, options)
}

/** nss token revoke */
export function renderRevokedToken(token: ApiTokenView & {alreadyRevoked: boolean}, locale: Locale, style: Style): string {
  const labels = SCREEN_LABELS[locale]
  const at = formatScreenMinute(token.revokedAt as string)
  return token.alreadyRevoked ? style.muted(labels.tokenAlreadyRevoked(token.id, at)) : style.success(labels.tokenRevoked(token.id, at))
}

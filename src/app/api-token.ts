/**
 * API tokens (issue 12): what scripts present to the desk server (`nss serve`) instead of a
 * password, and to the local CLI in NSS_TOKEN (issue 16). Created, listed and revoked by ops on the
 * desk's host (`nss token …`); checked for every request by api-token-check.ts.
 *
 * The token is `nssd_` + 43 base62 characters of randomness (32 bytes, 256 bits) + 6 base62 characters
 * of CRC32 of that randomness: the prefix and the fixed length let secret scanners find a leaked one,
 * and the checksum lets them (and us) tell a real one from a look-alike without asking the store
 * (GitHub's `ghp_` tokens do the same). It is shown once; the store keeps only its SHA-256. A plain
 * hash, not an HMAC under secret.key: 256 random bits cannot be guessed from their hash however fast
 * the hashing, so a key would add nothing but the need to open secret.key on every request (and a
 * store whose key is replaced would lose every token).
 */
import {text} from '../domain/messages/text'
import {randomBytes} from 'node:crypto'
import {hasControlCharacters} from '../domain/control-characters'
import {InvalidInputError, type IssueInput, NotFoundError} from '../domain/errors'
import {IsNull} from 'typeorm'
import {ApiTokenEntity, OfficeEntity, ReviewerEntity} from '../store/entities'
import type {Actor} from './actor'
import {recordAudit} from './audit'
import type {DeskContext} from './context'
import {
  actorOfPrincipal, API_TOKEN_PREFIX, generateApiToken, hashApiToken, principalOf, type ApiTokenPrincipal,
} from './api-token-check'

// What the check of a token is, for those who import it from here (the server, tests).
export {
  actorOfPrincipal, API_TOKEN_LAST_USE_GRANULARITY_MS, API_TOKEN_PREFIX, authenticateApiToken, checkApiToken, generateApiToken,
  hashApiToken, isWellFormedApiToken, recordApiTokenUse, type ApiTokenPrincipal, type CheckedApiToken,
} from './api-token-check'

/** Days a token lives when --expires-days is not given. */
export const API_TOKEN_DEFAULT_DAYS = 90
/** The longest life a token may have: every token expires, at the latest after a year (rotate yearly). */
export const API_TOKEN_MAX_DAYS = 365
const NAME_MAX = 60
/** How the tokens of `nss login` are named; `nss passwd` revokes these, and no other, of the account. */
export const LOGIN_TOKEN_NAME_PREFIX = 'nss login from '
const ID_PATTERN = /^[0-9a-f]{12}$/

/** What `nss token list` shows of a token: never the token nor its hash. */
export interface ApiTokenView {
  id: string
  principal: Actor
  name: string
  readOnly: boolean
  createdAt: string
  expiresAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** What `nss token create` prints, once. */
export interface CreatedApiToken {
  id: string
  token: string
  expiresAt: string
}


export interface ApiTokenRequest {
  office?: string
  reviewer?: string
  name?: string
  /** As typed (`--expires-days`): checked here, so a bad value is named with the other problems. */
  expiresDays?: string
  readOnly?: boolean
}




function viewOf(row: ApiTokenEntity): ApiTokenView {
  return {
    id: row.id,
    principal: principalOf(row),
    name: row.name, readOnly: row.readOnly === 1,
    createdAt: row.createdAt, expiresAt: row.expiresAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt,
  }
}

function principalName(row: {officeCode: string | null; reviewerId: string | null}): string {
  return row.officeCode !== null ? `office:${row.officeCode}` : `reviewer:${row.reviewerId}`
}

/** nss token create: checks every input at once (exit 2), the principal's existence (exit 3), then writes the hash and an audit row. */
export async function createApiToken(ctx: DeskContext, request: ApiTokenRequest): Promise<CreatedApiToken> {
  const issues: IssueInput[] = []
  const office = request.office?.normalize('NFKC').trim().toUpperCase()
  const reviewer = request.reviewer?.trim()
  if (!office && !reviewer) issues.push({path: 'principal', message: text('app.tokenPrincipal')})
  if (office && reviewer) issues.push({path: 'principal', message: text('app.tokenPrincipalBoth')})
  const name = (request.name ?? '').normalize('NFKC').trim()
  if (name === '' || [...name].length > NAME_MAX) issues.push({path: 'name', message: text('app.nameRequired', {max: NAME_MAX})})
  if (/[\t\n\r]/.test(name) || hasControlCharacters(name)) {
    issues.push({path: 'name', message: text('app.nameControlChars')})
  }
  // The name of a login token is the server's to give: nss passwd revokes the account's tokens by it.
  if (name.startsWith(LOGIN_TOKEN_NAME_PREFIX.trim())) issues.push({path: 'name', message: text('app.tokenNameLogin', {prefix: LOGIN_TOKEN_NAME_PREFIX.trim()})})
  let days = API_TOKEN_DEFAULT_DAYS
  if (request.expiresDays !== undefined) {
    const given = request.expiresDays.trim()
    days = /^[0-9]{1,4}$/.test(given) ? Number(given) : Number.NaN
    if (!(days >= 1 && days <= API_TOKEN_MAX_DAYS)) {
      issues.push({path: 'expires-days', message: text('app.tokenDays', {max: API_TOKEN_MAX_DAYS, fallback: API_TOKEN_DEFAULT_DAYS})})
    }
  }
  if (issues.length > 0) throw new InvalidInputError(text('app.tokenInvalid'), issues)

  const now = ctx.clock.now()
  const token = generateApiToken()
  const row = Object.assign(new ApiTokenEntity(), {
    id: randomBytes(6).toString('hex'), tokenHash: hashApiToken(token),
    officeCode: office ?? null, reviewerId: office ? null : reviewer as string,
    name, readOnly: request.readOnly ? 1 : 0,
    createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
    lastUsedAt: null, revokedAt: null,
  })
  await ctx.store.write(async manager => {
    const exists = office
      ? await manager.existsBy(OfficeEntity, {code: office})
      : await manager.existsBy(ReviewerEntity, {id: reviewer as string})
    if (!exists) throw new NotFoundError(office ? text('app.noOffice', {office}) : text('app.noReviewer', {id: reviewer!}))
    await manager.insert(ApiTokenEntity, row)
    // The audit row names the token by its id, never by its text or hash.
    await recordAudit(manager, now, 'system', 'api_token_created', null,
      `${row.id} ${principalName(row)}${row.readOnly ? ' read-only' : ''} until ${row.expiresAt}: ${name}`)
  })
  return {id: row.id, token, expiresAt: row.expiresAt}
}

/** nss token list: every token, newest first, revoked and expired ones included. */
export async function listApiTokens(ctx: DeskContext): Promise<ApiTokenView[]> {
  const rows = await ctx.store.read(manager => manager.find(ApiTokenEntity, {order: {createdAt: 'DESC', id: 'ASC'}}))
  return rows.map(viewOf)
}

/**
 * nss token revoke: from now on the token is refused. Revoking a revoked token again is no error (exit
 * 0, its first revocation time kept, no second audit row): what the operator wants — the token no longer
 * works — is true, and a script that revokes what it finds can run twice.
 */
export async function revokeApiToken(ctx: DeskContext, id: string): Promise<ApiTokenView & {alreadyRevoked: boolean}> {
  const tokenId = id.trim().toLowerCase()
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const row = ID_PATTERN.test(tokenId) ? await manager.findOneBy(ApiTokenEntity, {id: tokenId}) : null
    if (!row) throw new NotFoundError(text('app.noToken', {id}))
    if (row.revokedAt !== null) return {...viewOf(row), alreadyRevoked: true}
    row.revokedAt = now.toISOString()
    await manager.update(ApiTokenEntity, {id: row.id}, {revokedAt: row.revokedAt})
    await recordAudit(manager, now, 'system', 'api_token_revoked', null, `${row.id} ${principalName(row)}: ${row.name}`)
    return {...viewOf(row), alreadyRevoked: false}
  })
}

/**
 * The short-lived token of `nss login` (issued by the desk server once the password was checked): a
 * token like any other, named after the login, living `hours` hours; `nss logout` revokes it, and
 * `nss token list` shows it to ops beside the scripts' tokens.
 */
export async function createLoginToken(ctx: DeskContext, actor: Actor, options: {hours: number; from: string}): Promise<CreatedApiToken> {
  const now = ctx.clock.now()
  const token = generateApiToken()
  const row = Object.assign(new ApiTokenEntity(), {
    id: randomBytes(6).toString('hex'), tokenHash: hashApiToken(token),
    officeCode: actor.kind === 'office' ? actor.code : null, reviewerId: actor.kind === 'reviewer' ? actor.id : null,
    name: `${LOGIN_TOKEN_NAME_PREFIX}${options.from}`.slice(0, NAME_MAX), readOnly: 0,
    createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + options.hours * 3_600_000).toISOString(),
    lastUsedAt: now.toISOString(), revokedAt: null,
  })
  await ctx.store.write(async manager => {
    await manager.insert(ApiTokenEntity, row)
    await recordAudit(manager, now, actor, 'api_token_created', null, `${row.id} login until ${row.expiresAt}: ${row.name}`)
  })
  return {id: row.id, token, expiresAt: row.expiresAt}
}

/** `nss logout`: the token presented is revoked (its principal's own act, audited as such). */
export async function revokeOwnToken(ctx: DeskContext, principal: ApiTokenPrincipal): Promise<{id: string; revokedAt: string}> {
  const now = ctx.clock.now().toISOString()
  await ctx.store.write(async manager => {
    await manager.update(ApiTokenEntity, {id: principal.tokenId, revokedAt: IsNull()}, {revokedAt: now})
    await recordAudit(manager, new Date(now), actorOfPrincipal(principal), 'api_token_revoked', null, `${principal.tokenId}: logout`)
  })
  return {id: principal.tokenId, revokedAt: now}
}

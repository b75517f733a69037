/**
 * The check of an API token (issue 12): what the desk server does for every request, and the local CLI
 * for NSS_TOKEN (issue 16). Apart from src/app/api-token.ts (create, list, revoke), so that a check
 * loads no TypeORM: the token's row is read by the read models and its last use written in plain SQL.
 * The token's form is in api-token.ts's comment.
 */
import {createHash, randomBytes} from 'node:crypto'
import {crc32} from 'node:zlib'
import {AuthError} from '../domain/errors'
import {text} from '../domain/messages/text'
import type {ReadModels} from '../store/read-models'
import type {Actor} from './actor'
import type {DeskContext} from './context'

export const API_TOKEN_PREFIX = 'nssd_'
/** Last use is written at most this often per token, to spare a write per request. */
export const API_TOKEN_LAST_USE_GRANULARITY_MS = 60_000
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const RANDOM_CHARS = 43
const CHECKSUM_CHARS = 6
const TOKEN_PATTERN = new RegExp(`^${API_TOKEN_PREFIX}([0-9A-Za-z]{${RANDOM_CHARS}})([0-9A-Za-z]{${CHECKSUM_CHARS}})$`)

/** Who a presented token acts as. */
export type ApiTokenPrincipal = Actor & {readOnly: boolean; tokenId: string; expiresAt: string}

/** The actor of a principal, without its token's attributes. */
export function actorOfPrincipal(principal: ApiTokenPrincipal): Actor {
  return principal.kind === 'office' ? {kind: 'office', code: principal.code} : {kind: 'reviewer', id: principal.id}
}

function base62(value: bigint, width: number): string {
  let text = ''
  while (value > 0n) {
    text = BASE62[Number(value % 62n)] + text
    value /= 62n
  }
  return text.padStart(width, '0')
}

function checksumOf(random: string): string {
  return base62(BigInt(crc32(random)), CHECKSUM_CHARS)
}

/** SHA-256 (hex) of a token: what the store keeps and looks tokens up by. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A new token: prefix, 256 random bits in base62, checksum. */
export function generateApiToken(): string {
  const random = base62(BigInt(`0x${randomBytes(32).toString('hex')}`), RANDOM_CHARS)
  return `${API_TOKEN_PREFIX}${random}${checksumOf(random)}`
}

/** True when the text has the shape and checksum of a token (not whether the store knows it). */
export function isWellFormedApiToken(text: string): boolean {
  const match = TOKEN_PATTERN.exec(text)
  return match !== null && checksumOf(match[1]) === match[2]
}

/** The one answer for an unknown, revoked, expired or malformed token: which one it was is not told. */
function refused(): AuthError {
  return new AuthError(text('app.tokenNotValid'))
}

/** Who a token acts as: exactly one of its office and its reviewer is set. */
export function principalOf(row: {officeCode: string | null; reviewerId: string | null}): Actor {
  return row.officeCode !== null ? {kind: 'office', code: row.officeCode} : {kind: 'reviewer', id: row.reviewerId as string}
}

/**
 * The principal a presented token acts as, for the desk server and for NSS_TOKEN in local mode. An
 * unknown, revoked, expired or malformed token gets one and the same AuthError (exit 4), whose text
 * never quotes the token. Last use is recorded, at most once a minute per token.
 */
export async function authenticateApiToken(ctx: DeskContext, presented: string): Promise<ApiTokenPrincipal> {
  const now = ctx.clock.now()
  const checked = await ctx.store.snapshot(reads => checkApiToken(reads, presented, now))
  await recordApiTokenUse(ctx, checked, now)
  return checked.principal
}

/** A token found good: whom it acts for, and whether its use is to be recorded now. */
export interface CheckedApiToken {
  principal: ApiTokenPrincipal
  /** Its last use is older than API_TOKEN_LAST_USE_GRANULARITY_MS (or there was none). */
  isUseDue: boolean
}

/**
 * The check of authenticateApiToken in a snapshot of the caller's: the desk server reads a request's
 * token and its answer in one read transaction (docs/performance.md). The caller records the use
 * (recordApiTokenUse) once the snapshot is over: a write never waits inside a read.
 */
export async function checkApiToken(reads: ReadModels, presented: string, now: Date, known?: {wellFormedHash: string}): Promise<CheckedApiToken> {
  // `known`: the caller checked the form and hashed the token already (the server's rate limiter did).
  if (!known && (typeof presented !== 'string' || !isWellFormedApiToken(presented))) throw refused()
  // The read models' plain SQL (src/store/read-models.ts), not TypeORM: this runs for every request.
  const row = await reads.findApiToken(known?.wellFormedHash ?? hashApiToken(presented))
  if (!row || row.revokedAt !== null || Date.parse(row.expiresAt) <= now.getTime()) throw refused()
  return {
    principal: {...principalOf(row), readOnly: row.readOnly === 1, tokenId: row.id, expiresAt: row.expiresAt},
    isUseDue: row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) >= API_TOKEN_LAST_USE_GRANULARITY_MS,
  }
}

/** Records the token's last use, at most once a minute (API_TOKEN_LAST_USE_GRANULARITY_MS). */
export async function recordApiTokenUse(ctx: DeskContext, checked: CheckedApiToken, now: Date): Promise<void> {
  if (!checked.isUseDue) return
  // In plain SQL on the read models' connection, as a login's count: a token's check loads no TypeORM.
  await ctx.store.logins(counter => counter.recordTokenUse(checked.principal.tokenId, now.toISOString()))
}

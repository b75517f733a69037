import {Column, Entity, Index, PrimaryColumn} from 'typeorm'

/**
 * An API token (issue 12): what a script presents to the desk server instead of a password. The token
 * itself is shown once by `nss token create` and never stored: only its SHA-256 (src/app/api-token.ts).
 * Exactly one of `officeCode` / `reviewerId` names the principal it acts as.
 */
@Entity('api_tokens')
export class ApiTokenEntity {
  /** Public, random, short: what `nss token list` shows and `nss token revoke` takes. Not a secret. */
  @PrimaryColumn('varchar', {length: 24})
  id: string

  /** SHA-256 (hex) of the whole token text. */
  @Index({unique: true})
  @Column('varchar', {length: 64})
  tokenHash: string

  @Column('varchar', {length: 20, nullable: true})
  officeCode: string | null

  @Column('varchar', {length: 40, nullable: true})
  reviewerId: string | null

  /** The operator's label (which script, which machine). */
  @Column('varchar', {length: 60})
  name: string

  /** 1: the token may read but change nothing. An integer, not a boolean, so `nss store copy` checksums agree. */
  @Column('integer')
  readOnly: number

  /** ISO 8601 instants. */
  @Column('varchar', {length: 30})
  createdAt: string

  @Column('varchar', {length: 30})
  expiresAt: string

  /** Updated at most once a minute per token (API_TOKEN_LAST_USE_GRANULARITY_MS). */
  @Column('varchar', {length: 30, nullable: true})
  lastUsedAt: string | null

  @Column('varchar', {length: 30, nullable: true})
  revokedAt: string | null
}

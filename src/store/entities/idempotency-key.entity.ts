import {Column, Entity, Index, PrimaryColumn} from 'typeorm'

/**
 * An idempotency key an office gave `nss apply` / `nss amend` (`--idempotency-key`, issue 11 point 16),
 * written in the transaction of the application it made, with the result the call returned: a retry
 * with the same key is answered from here and changes nothing. Keys are one office's own (the primary
 * key is the pair), and purged by the daemon after IDEMPOTENCY_KEY_RETENTION_DAYS (src/app/idempotency.ts).
 */
@Entity('idempotency_keys')
@Index(['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('varchar', {length: 20})
  officeCode: string

  @PrimaryColumn('varchar', {length: 128})
  key: string

  /** `apply` or `amend`. */
  @Column('varchar', {length: 10})
  verb: string

  /** SHA-256 (hex) of the call: its verb, the receipt number it amends and its body (canonical JSON). */
  @Column('varchar', {length: 64})
  requestHash: string

  /** The receipt number the call made. */
  @Column('varchar', {length: 8})
  receiptNo: string

  /** The call's result (SubmissionResult) as JSON, returned as it is to every retry. */
  @Column('text')
  result: string

  /** ISO 8601: when the call was made. */
  @Column('varchar', {length: 30})
  createdAt: string
}

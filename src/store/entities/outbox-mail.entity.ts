import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/**
 * A mail written in the same transaction as the state change that causes it (SPEC §10). Delivery
 * happens after commit; the Message-ID is fixed here so a retry resends the same message.
 */
@Entity('outbox')
@Index(['status', 'nextAttemptAt'])
@Index(['dataPurgedAt', 'createdAt'])
export class OutboxMailEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Index()
  @Column('varchar', {length: 8, nullable: true})
  receiptNo: string | null

  @Column('varchar', {length: 20})
  kind: string

  @Column('varchar', {length: 2})
  locale: string

  @Column('simple-json')
  recipients: string[]

  /** What the template needs (never a password: SPEC §7); `{}` once purged (`dataPurgedAt`). */
  @Column('simple-json')
  data: Record<string, unknown>

  /**
   * When `data` was purged, NSS_RETENTION_DAYS after the mail was made (issue 11): only a mail that can
   * no longer be sent (not pending or sending); null while it is kept. A purged mail cannot be retried.
   */
  @Column('varchar', {length: 30, nullable: true})
  dataPurgedAt: string | null

  @Column('varchar', {length: 250, unique: true})
  messageId: string

  @Column('varchar', {length: 10, default: 'pending'})
  status: string

  @Column('integer', {default: 0})
  attempts: number

  @Column('varchar', {length: 30})
  nextAttemptAt: string

  @Column('text', {nullable: true})
  lastError: string | null

  @Column('varchar', {length: 30})
  createdAt: string

  @Column('varchar', {length: 30, nullable: true})
  sentAt: string | null
}

import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/** What is left of a message's raw text once the desk no longer needs all of it (see `rawKept`). */
export type RawKept = 'headers' | 'nothing'

/**
 * A message read from a mail source (SPEC §11). It is stored, raw and with its SHA-256, before
 * anything acts on it; `dedupeKey` (the Message-ID, or the hash when there is none) makes every
 * message processed at most once, across crashes and re-polls.
 */
@Entity('inbound_messages')
@Index(['state', 'id'])
@Index(['rawKept', 'receivedAt'])
export class InboundMessageEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Column('varchar', {length: 300, unique: true})
  dedupeKey: string

  @Column('varchar', {length: 250, nullable: true})
  messageId: string | null

  @Column('varchar', {length: 64})
  sha256: string

  /** `maildir` or `imap`. */
  @Column('varchar', {length: 20})
  source: string

  /** Where it came from: the Maildir file name, or `mailbox:uidvalidity:uid`. */
  @Column('varchar', {length: 500})
  sourceRef: string

  @Column('integer')
  size: number

  /**
   * The raw message, base64 (portable across SQLite and PostgreSQL); null when over the size limit or
   * purged after NSS_RETENTION_DAYS. Its header section only when `rawKept` is `headers`.
   */
  @Column('text', {nullable: true})
  raw: string | null

  /**
   * What `raw` still holds (issue 11, docs/mail.md "What the desk keeps"): null, the message as read;
   * `headers`, its header section only (a stranger's or a machine's message: cut in the transaction of
   * its outcome); `nothing`, purged after NSS_RETENTION_DAYS. `size` and `sha256` stay those of the
   * whole message.
   */
  @Column('varchar', {length: 10, nullable: true})
  rawKept: RawKept | null

  @Column('varchar', {length: 254, nullable: true})
  fromAddress: string | null

  @Column('text', {nullable: true})
  subject: string | null

  @Column('varchar', {length: 30})
  receivedAt: string

  /** `stored` (not yet acted on), `done`, or `failed` (kept for `nss mail reprocess`). */
  @Column('varchar', {length: 12})
  state: string

  /** human, bounce, auto-reply, own, unparseable, too-large. */
  @Column('varchar', {length: 12, nullable: true})
  kind: string | null

  /** What came of it: amended, withdrawn, reply-error, unauthenticated, unrouted, ignored, bounce-recorded… */
  @Column('varchar', {length: 40, nullable: true})
  outcome: string | null

  @Index()
  @Column('varchar', {length: 8, nullable: true})
  receiptNo: string | null

  @Column('text', {nullable: true})
  detail: string | null

  @Column('varchar', {length: 30, nullable: true})
  processedAt: string | null

  @Column('integer', {default: 0})
  attempts: number
}

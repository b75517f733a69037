import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/**
 * A file an office attached to an authenticated reply (issue 14), kept under its application and
 * fetched with `nss attachment ID --out FILE` by the office or a reviewer. Its bytes live here, not in
 * any JSON screen: `status --json` lists only id, filename, content type and size.
 */
@Entity('attachments')
export class AttachmentEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Index('IDX_attachments_receiptNo')
  @Column('varchar', {length: 8})
  receiptNo: string

  /** The inbound message it came with (src/store/entities/inbound-message.entity.ts). */
  @Column('integer')
  inboundMessageId: number

  @Column('varchar', {length: 255})
  filename: string

  @Column('varchar', {length: 100})
  contentType: string

  /** Decoded size in bytes. */
  @Column('integer')
  size: number

  /** SHA-256 of the bytes, hex. */
  @Column('varchar', {length: 64})
  sha256: string

  /**
   * The bytes, base64 — portable across SQLite and PostgreSQL, as an inbound message's raw text is
   * (inbound-message.entity.ts); read only by `nss attachment`.
   */
  @Column('text')
  content: string

  /** ISO 8601 instant at which it was received. */
  @Column('varchar', {length: 30})
  createdAt: string
}

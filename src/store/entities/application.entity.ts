import {Column, Entity, Index, PrimaryColumn} from 'typeorm'
import type {ApplicationEntry, Contact} from '../../domain/application'

/**
 * システム設定申込 (SPEC §3–§4). Instants are ISO 8601 UTC strings; days are `YYYY-MM-DD` in Japan.
 * The indexes serve `nss status` lists, newest first with the receipt number as tie-break, without a
 * sort: an office's applications, those in one status of an office, and the review queue (one status).
 */
@Entity('applications')
@Index(['officeCode', 'submittedAt', 'receiptNo'])
@Index(['officeCode', 'status', 'submittedAt', 'receiptNo'])
@Index(['status', 'submittedAt', 'receiptNo'])
export class ApplicationEntity {
  @PrimaryColumn('varchar', {length: 8})
  receiptNo: string

  @Column('varchar', {length: 10})
  officeCode: string

  @Column('varchar', {length: 12})
  status: string

  /** Optimistic-locking version: every transition requires the version it read (SPEC §4). */
  @Column('integer')
  version: number

  @Column('varchar', {length: 30})
  submittedAt: string

  @Column('varchar', {length: 10})
  timing: string

  @Column('varchar', {length: 10, nullable: true})
  desiredDate: string | null

  @Column('varchar', {length: 10, nullable: true})
  registrationDate: string | null

  @Column('varchar', {length: 30, nullable: true})
  completedAt: string | null

  @Column('text')
  remarks: string

  @Column('simple-json')
  contact: Contact

  @Column('simple-json')
  entries: ApplicationEntry[]

  @Column('varchar', {length: 8, nullable: true})
  supersedes: string | null

  @Column('varchar', {length: 8, nullable: true})
  supersededBy: string | null

  @Column('varchar', {length: 30})
  updatedAt: string

  /** The reviewer who took the application (`nss review --take`, issue 14); null while nobody has. */
  @Column('varchar', {length: 40, nullable: true})
  owner: string | null
}

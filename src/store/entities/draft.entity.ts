import {Column, Entity, PrimaryColumn} from 'typeorm'

/**
 * A draft (一時保存, issue 13): an unfinished application of an office, or an unfinished amendment of
 * one of its applications under query, kept as the office wrote it (checked for form only) until it is
 * submitted, deleted, or purged after NSS_DRAFT_DAYS (src/app/drafts.use-case.ts).
 */
@Entity('drafts')
export class DraftEntity {
  /** A random id (`D` and 16 hex digits): another office cannot guess one. */
  @PrimaryColumn('varchar', {length: 20})
  id: string

  @Column('varchar', {length: 10})
  officeCode: string

  /** The application it amends; null: a new application. */
  @Column('varchar', {length: 8, nullable: true})
  receiptNo: string | null

  /** The application (or the amendment's patch) as JSON, as the office gave it. */
  @Column('text')
  content: string

  /** ISO 8601 instants. */
  @Column('varchar', {length: 30})
  createdAt: string

  @Column('varchar', {length: 30})
  updatedAt: string
}

import {Column, Entity, PrimaryColumn} from 'typeorm'

/** Center staff who review applications (SPEC §2). */
@Entity('reviewers')
export class ReviewerEntity {
  @PrimaryColumn('varchar', {length: 40})
  id: string

  @Column('varchar', {length: 60})
  name: string

  @Column('varchar', {length: 200, nullable: true})
  passwordHash: string | null

  @Column('integer', {default: 0})
  failedLogins: number

  @Column('varchar', {length: 30, nullable: true})
  lockedUntil: string | null

  /** Where the staff's notices reach the reviewer (issue 14); null: none. */
  @Column('varchar', {length: 254, nullable: true})
  email: string | null
}

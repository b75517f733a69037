import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'
import type {RegistrationChange} from '../../domain/application'

/** A registration change approved at completion, effective on the registration date (SPEC §2). */
@Entity('scheduled_changes')
@Index(['appliedAt', 'effectiveDate'])
export class ScheduledChangeEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Index()
  @Column('varchar', {length: 5})
  userCode: string

  @Column('varchar', {length: 8})
  receiptNo: string

  @Column('varchar', {length: 10})
  effectiveDate: string

  @Column('simple-json')
  changes: RegistrationChange

  @Column('varchar', {length: 30, nullable: true})
  appliedAt: string | null
}

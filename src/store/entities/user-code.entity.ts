import {Column, Entity, Index, PrimaryColumn} from 'typeorm'

/**
 * 利用者コード with its current registration info (SPEC §2). An office's user codes are read in code
 * order (loadOfficeRecord, the read models): the index gives that order without a sort.
 */
@Entity('user_codes')
@Index(['officeCode', 'code'])
export class UserCodeEntity {
  @PrimaryColumn('varchar', {length: 5})
  code: string

  @Column('varchar', {length: 10})
  officeCode: string

  @Column('varchar', {length: 70})
  companyNameEn: string

  @Column('varchar', {length: 70})
  officeNameEn: string

  @Column('varchar', {length: 105})
  addressEn: string

  @Column('varchar', {length: 35})
  managerNameEn: string

  @Column('varchar', {length: 10})
  systemClass: string

  @Column('varchar', {length: 40})
  industry: string
}

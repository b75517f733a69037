import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/** 進行状況: one row per work item on an application (作業項目, 作業日, 通知内容). */
@Entity('application_log')
export class ApplicationLogEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Index()
  @Column('varchar', {length: 8})
  receiptNo: string

  @Column('varchar', {length: 100})
  item: string

  @Column('varchar', {length: 30})
  at: string

  @Column('text')
  notice: string

  /** `office:CODE`, `reviewer:ID` or `system`. */
  @Column('varchar', {length: 60})
  actor: string
}

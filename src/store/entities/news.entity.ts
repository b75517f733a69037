import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/** 新着情報: notices shown to an office, the latest 10 at a time. */
@Entity('news')
@Index(['officeCode', 'id'])
export class NewsEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Column('varchar', {length: 10})
  officeCode: string

  @Column('varchar', {length: 8})
  receiptNo: string

  @Column('varchar', {length: 30})
  at: string

  /** The message key; the text is rendered in the office's locale. */
  @Column('varchar', {length: 40})
  message: string
}

import {Column, Entity, PrimaryColumn} from 'typeorm'

/** The per-year receipt-number sequence, shared by all application kinds (SPEC §5). */
@Entity('receipt_counters')
export class ReceiptCounterEntity {
  /** Two-digit year in Japan. */
  @PrimaryColumn('integer')
  year: number

  @Column('integer')
  lastSequence: number
}

import {Column, Entity, PrimaryColumn} from 'typeorm'

/** A named lease: only one daemon works a store at a time (SPEC §12). */
@Entity('leases')
export class LeaseEntity {
  @PrimaryColumn('varchar', {length: 40})
  name: string

  /** host:pid:random of the holder. */
  @Column('varchar', {length: 120})
  holder: string

  /** ISO 8601 instant after which another daemon may take the lease. */
  @Column('varchar', {length: 30})
  expiresAt: string
}

import {Column, Entity, PrimaryColumn} from 'typeorm'

/** The last cycle of each daemon (`nss health`, issue 15): one row per holder, written at the end of its cycle. */
@Entity('daemon_cycles')
export class DaemonCycleEntity {
  /** host:pid:random of the daemon (src/app/lease.ts newLeaseHolder). */
  @PrimaryColumn('varchar', {length: 120})
  holder: string

  /** ISO 8601 instant at which its last cycle ended. */
  @Column('varchar', {length: 30})
  finishedAt: string

  /** The steps that last cycle could not do, comma-separated (empty: none). */
  @Column('varchar', {length: 200})
  failedSteps: string
}

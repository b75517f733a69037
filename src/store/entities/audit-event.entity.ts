import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/** Security-relevant events: password viewings (SPEC §7), failed logins and lock-outs (SPEC §9). */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Column('varchar', {length: 30})
  at: string

  @Column('varchar', {length: 60})
  actor: string

  @Index()
  @Column('varchar', {length: 40})
  action: string

  @Column('varchar', {length: 8, nullable: true})
  receiptNo: string | null

  @Column('text')
  detail: string
}

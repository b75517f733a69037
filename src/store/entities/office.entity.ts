import {Column, Entity, PrimaryColumn} from 'typeorm'

/** 事業所 (SPEC §2). The code is the NSS login ID; the password is kept only as a scrypt hash. */
@Entity('offices')
export class OfficeEntity {
  @PrimaryColumn('varchar', {length: 10})
  code: string

  @Column('varchar', {length: 100})
  name: string

  @Column('varchar', {length: 60})
  adminName: string

  @Column('varchar', {length: 254})
  adminEmail: string

  @Column('varchar', {length: 2, default: 'ja'})
  locale: string

  @Column('varchar', {length: 200, nullable: true})
  passwordHash: string | null

  /** Consecutive failed logins, for throttling (SPEC §9). */
  @Column('integer', {default: 0})
  failedLogins: number

  /** ISO 8601 instant until which logins are refused, or null. */
  @Column('varchar', {length: 30, nullable: true})
  lockedUntil: string | null
}

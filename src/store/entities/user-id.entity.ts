import {Column, Entity, Index, PrimaryColumn} from 'typeorm'

/** 利用者ID = user code + identification number (SPEC §1). */
@Entity('user_ids')
@Index(['userCode', 'ident'], {unique: true})
export class UserIdEntity {
  /** The 8-character user ID, e.g. 1ANACA01. */
  @PrimaryColumn('varchar', {length: 8})
  userId: string

  @Column('varchar', {length: 5})
  userCode: string

  @Column('varchar', {length: 3})
  ident: string

  @Column('varchar', {length: 20})
  method: string
}

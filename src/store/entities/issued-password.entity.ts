import {Column, Entity, Index, PrimaryGeneratedColumn} from 'typeorm'

/**
 * A password issued at completion (SPEC §7), sealed with AES-256-GCM. The ciphertext is set to null
 * when the viewing window closes; the row stays as a record that a password was issued.
 */
@Entity('issued_passwords')
@Index(['receiptNo', 'userCode', 'ident'], {unique: true})
export class IssuedPasswordEntity {
  @PrimaryGeneratedColumn()
  id: number

  @Column('varchar', {length: 8})
  receiptNo: string

  @Column('varchar', {length: 5})
  userCode: string

  @Column('varchar', {length: 3})
  ident: string

  @Column('text', {nullable: true})
  sealed: string | null

  /** YYYY-MM-DD: last day in Japan the password can be viewed. */
  @Index()
  @Column('varchar', {length: 10})
  visibleUntil: string

  @Column('varchar', {length: 30, nullable: true})
  purgedAt: string | null
}

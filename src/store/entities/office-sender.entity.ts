import {Column, Entity, PrimaryColumn} from 'typeorm'

/**
 * An authorised sender of an office (issue 13): an address besides the contact's and the 管理責任者's
 * from which a reply to the signed reply address is acted on (a shared mailbox, a colleague).
 */
@Entity('office_senders')
export class OfficeSenderEntity {
  @PrimaryColumn('varchar', {length: 10})
  officeCode: string

  /** The address in lower case, as the inbound check compares it. */
  @PrimaryColumn('varchar', {length: 254})
  address: string

  /** ISO 8601 instant at which it was added. */
  @Column('varchar', {length: 30})
  addedAt: string
}

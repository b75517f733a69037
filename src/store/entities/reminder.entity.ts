import {Column, Entity, PrimaryColumn} from 'typeorm'

/**
 * The reminders and digests sent (issue 14): one row per kind and subject — a receipt number and its
 * period, or a day for the staff's digest — written in the transaction of the mail, so each is sent once.
 */
@Entity('reminders')
export class ReminderEntity {
  /** query-reminder, password-reminder, registration-applied, staff-digest. */
  @PrimaryColumn('varchar', {length: 30})
  kind: string

  /** What it was about: `RECEIPT@PERIOD` (e.g. the query's instant), or the day of a digest. */
  @PrimaryColumn('varchar', {length: 80})
  subject: string

  @Column('varchar', {length: 30})
  sentAt: string
}

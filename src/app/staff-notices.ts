/**
 * Notices to the center's staff (issue 14): a new application, an amendment (by the CLI or by mail), a
 * withdrawal, a message from an office, a mail to an office that failed or bounced. Each is an outbox row
 * of kind `staff-notice`, written in the transaction of its event (SPEC §10: a state change and its mails
 * commit together), to the application's owner when it has one with an address, else to every reviewer
 * with an address and to NSS_STAFF_EMAIL. Never to an office; never on an office's `status`
 * (read-models.ts leaves the staff's kinds out).
 */
import type {EntityManager} from 'typeorm'
import {Not, IsNull} from 'typeorm'
import {isMailAddress} from '../domain/mail-address'
import type {Locale, StaffEvent} from '../domain/vocabulary'
import {STAFF_MAIL_KINDS} from '../domain/vocabulary'
import type {StaffNoticeMailData} from '../mail/outbound/mail-data'
import {ApplicationEntity, OfficeEntity, ReviewerEntity} from '../store/entities'
import type {DeskContext} from './context'
import {enqueueMail} from './outbox'

/** The staff's notices are written in Japanese: NACCS Center's own language. */
const STAFF_LOCALE: Locale = 'ja'

/** What a notice names of its application. */
export interface NoticedApplication {
  receiptNo: string
  officeCode: string
  owner: string | null
  supersedes?: string | null
}

/**
 * Who a notice about an application goes to: its owner's address; with no owner (or one without an
 * address), every reviewer's address and NSS_STAFF_EMAIL. May be empty: then no notice is written.
 */
export async function staffRecipients(manager: EntityManager, ctx: DeskContext, owner: string | null): Promise<string[]> {
  if (owner !== null) {
    const reviewer = await manager.findOneBy(ReviewerEntity, {id: owner})
    if (reviewer?.email) return [reviewer.email]
  }
  const reviewers = await manager.find(ReviewerEntity, {where: {email: Not(IsNull())}, order: {id: 'ASC'}})
  const addresses = reviewers.map(r => r.email!).filter(isMailAddress)
  if (ctx.config.staffEmail) addresses.push(ctx.config.staffEmail)
  return [...new Set(addresses)]
}

/** Writes the staff notice of an event, inside the caller's transaction. `detail`: what the event adds. */
export async function notifyStaff(
  manager: EntityManager, ctx: DeskContext, event: StaffEvent, app: NoticedApplication, now: Date, detail = '',
): Promise<void> {
  const recipients = await staffRecipients(manager, ctx, app.owner)
  if (recipients.length === 0) return
  const office = await manager.findOneBy(OfficeEntity, {code: app.officeCode})
  const data: StaffNoticeMailData = {
    event, receiptNo: app.receiptNo, officeCode: app.officeCode, officeName: office?.name ?? '',
    supersedes: app.supersedes ?? null, detail,
  }
  await enqueueMail(manager, ctx.config, {
    kind: 'staff-notice', receiptNo: app.receiptNo, locale: STAFF_LOCALE, recipients, data: data as unknown as Record<string, unknown>,
  }, now)
}

/**
 * A mail to an office that failed or bounced: its staff notice, unless the mail was itself one to the
 * staff (their own failures are for `nss health` and `nss mail outbox`, not a loop of notices).
 */
export async function notifyStaffOfUndelivered(
  manager: EntityManager, ctx: DeskContext, event: 'mail-failed' | 'mail-bounced',
  mail: {kind: string; receiptNo: string | null; recipients: string[]}, answer: string, now: Date,
): Promise<void> {
  if ((STAFF_MAIL_KINDS as readonly string[]).includes(mail.kind) || mail.receiptNo === null) return
  const row = await manager.findOneBy(ApplicationEntity, {receiptNo: mail.receiptNo})
  if (!row) return
  const detail = `${mail.kind} → ${mail.recipients.join(', ')}: ${answer}`.slice(0, 500)
  await notifyStaff(manager, ctx, event, {receiptNo: row.receiptNo, officeCode: row.officeCode, owner: row.owner ?? null}, now, detail)
}

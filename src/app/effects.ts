import type {EntityManager} from 'typeorm'
import type {Application} from '../domain/application'
import type {LogItem, Transition} from '../domain/lifecycle'
import {tokyoDateOf} from '../domain/japan-time'
import type {OfficeRecord} from '../domain/master-data'
import type {ApplicationMailData} from '../mail/outbound/mail-data'
import {ApplicationLogEntity, NewsEntity} from '../store/entities'
import type {Actor} from './actor'
import {recordedActorName} from './actor'
import {recordAudit} from './audit'
import type {DeskContext} from './context'
import {enqueueMail} from './outbox'

/** Writes a 進行状況 line. */
export async function writeLog(manager: EntityManager, receiptNo: string, item: LogItem, at: Date, actor: Actor, notice = ''): Promise<void> {
  await manager.insert(ApplicationLogEntity, {receiptNo, item, at: at.toISOString(), notice, actor: recordedActorName(actor)})
}

/** The mail recipients of an application: the contact and the office administrator (SPEC §4). */
export function recipientsOf(app: Application, office: OfficeRecord): string[] {
  return [app.contact.email, office.adminEmail]
}

/**
 * The template data every mail about an application carries (src/mail/outbound/mail-data.ts): the
 * application, its contact, and the current registration values of the user codes it names, so the
 * mail can show what changes and the query mail's reply form can be prefilled (SPEC §11 step 5).
 * Never a password (SPEC §7).
 */
export function mailDataOf(app: Application, office: OfficeRecord): ApplicationMailData & Record<string, unknown> {
  const named = new Set(app.entries.map(e => e.userCode))
  return {
    receiptNo: app.receiptNo,
    submittedDate: tokyoDateOf(app.submittedAt),
    officeCode: office.code,
    officeName: office.name,
    adminName: office.adminName,
    adminEmail: office.adminEmail,
    contactName: app.contact.name,
    contactEmail: app.contact.email,
    contact: {...app.contact},
    timing: app.timing,
    desiredDate: app.desiredDate,
    remarks: app.remarks,
    entries: app.entries,
    supersedes: app.supersedes,
    userCodes: office.userCodes.filter(u => named.has(u.code)).map(u => ({
      code: u.code, companyNameEn: u.companyNameEn, officeNameEn: u.officeNameEn, addressEn: u.addressEn,
      managerNameEn: u.managerNameEn, systemClass: u.systemClass, industry: u.industry,
    })),
  }
}

/**
 * Carries out the declared effects of a transition (SPEC §4) inside the caller's transaction: the
 * 進行状況 line, the 新着情報 notice, and the mail, with `extraData` for the template.
 */
export async function applyEffects(
  manager: EntityManager, ctx: DeskContext, transition: Transition, app: Application, office: OfficeRecord,
  actor: Actor, now: Date, notice = '', extraData: Record<string, unknown> = {},
): Promise<void> {
  await writeLog(manager, app.receiptNo, transition.log, now, actor, notice)
  // Who did what (issue 14): every event of the lifecycle is an audit event too (`nss audit`).
  await recordAudit(manager, now, actor, transition.event, app.receiptNo, transition.log === transition.event ? '' : transition.log)
  if (transition.news) {
    await manager.insert(NewsEntity, {officeCode: office.code, receiptNo: app.receiptNo, at: now.toISOString(), message: transition.news})
  }
  await enqueueMail(manager, ctx.config, {
    kind: transition.mail,
    receiptNo: app.receiptNo,
    locale: office.locale,
    recipients: recipientsOf(app, office),
    data: {...mailDataOf(app, office), notice, ...extraData},
  }, now)
}

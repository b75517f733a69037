/**
 * Authorised senders (issue 13): broker offices answer from shared mailboxes and colleagues, so an
 * office registers extra addresses whose replies the mail bot acts on — besides the contact's and the
 * 管理責任者's (src/app/process-inbound.use-case.ts). A reply from one still has to reach the signed
 * reply address of the query mail: the list widens who may write, not what proves the mail answers
 * the desk. Every change is told to the 管理責任者 by mail, in the same transaction as the change,
 * and audited; whoever holds the office's password, the administrator hears of it.
 */
import {text, type LocalText} from '../domain/messages/text'
import type {EntityManager} from 'typeorm'
import {hasControlCharacters} from '../domain/control-characters'
import {InvalidInputError, NotFoundError} from '../domain/errors'
import type {OfficeRecord} from '../domain/master-data'
import type {SendersChangedMailData} from '../mail/outbound/mail-data'
import {OfficeSenderEntity} from '../store/entities'
import type {Actor} from './actor'
import {loadActingOffice} from './apply.use-case'
import {recordAudit} from './audit'
import type {DeskContext} from './context'
import {enqueueMail} from './outbox'

type OfficeActor = Extract<Actor, {kind: 'office'}>

/** How many addresses an office may add: enough for a team, few enough to review in one mail. */
export const MAX_SENDERS_PER_OFFICE = 20

/** An office's authorised senders (nss office senders list). */
export interface SendersView {
  office: string
  /** The contact's and the 管理責任者's addresses are always allowed; these are the extra ones. */
  adminEmail: string
  senders: {address: string; addedAt: string}[]
}

/** An add or a remove: the list after it, and whether it changed (adding an address already there changes nothing). */
export interface SendersChange extends SendersView {
  change: 'added' | 'removed'
  address: string
  isChanged: boolean
  /** The outbox row of the mail to the 管理責任者; null when nothing changed. */
  noticeMailId: number | null
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/

/** The address as the inbound check compares it (lower case), or every problem with it. */
function parseSenderAddress(given: string, deskDomain: string): string {
  const address = given.normalize('NFKC').trim().toLowerCase()
  const problems: LocalText[] = []
  if (address.length > 254) problems.push(text('app.atMostCharacters', {max: 254}))
  if (hasControlCharacters(address) || !ADDRESS.test(address)) problems.push(text('app.senderOneAddress'))
  // The desk's own domain: its reply and bounce addresses are there, and a mail loop starts there.
  else if (address.endsWith(`@${deskDomain.toLowerCase()}`)) problems.push(text('app.senderDeskDomain'))
  if (problems.length > 0) throw new InvalidInputError(text('app.senderInvalid', {address: given}), problems.map(message => ({path: 'address', message})))
  return address
}

async function viewOf(manager: EntityManager, office: OfficeRecord): Promise<SendersView> {
  const rows = await manager.find(OfficeSenderEntity, {where: {officeCode: office.code}, order: {address: 'ASC'}})
  return {office: office.code, adminEmail: office.adminEmail, senders: rows.map(r => ({address: r.address, addedAt: r.addedAt}))}
}

/** nss office senders list */
export async function listSenders(ctx: DeskContext, actor: OfficeActor): Promise<SendersView> {
  return ctx.store.read(async manager => viewOf(manager, await loadActingOffice(manager, actor)))
}

/** nss office senders add ADDRESS: exit 2 for an address that is not one, or one too many. */
export async function addSender(ctx: DeskContext, actor: OfficeActor, given: string): Promise<SendersChange> {
  const address = parseSenderAddress(given, ctx.config.mailDomain)
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const office = await loadActingOffice(manager, actor)
    const before = await viewOf(manager, office)
    if (before.senders.some(s => s.address === address)) return {...before, change: 'added', address, isChanged: false, noticeMailId: null}
    if (before.senders.length >= MAX_SENDERS_PER_OFFICE) {
      throw new InvalidInputError(text('app.sendersFull', {office: office.code, max: MAX_SENDERS_PER_OFFICE}), [{path: 'address', message: text('app.sendersAtMost', {max: MAX_SENDERS_PER_OFFICE})}])
    }
    await manager.insert(OfficeSenderEntity, {officeCode: office.code, address, addedAt: now.toISOString()})
    return recordChange(manager, ctx, actor, office, 'added', address, now)
  })
}

/** nss office senders remove ADDRESS: exit 3 for an address not on the list. */
export async function removeSender(ctx: DeskContext, actor: OfficeActor, given: string): Promise<SendersChange> {
  const address = given.normalize('NFKC').trim().toLowerCase()
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const office = await loadActingOffice(manager, actor)
    const result = await manager.delete(OfficeSenderEntity, {officeCode: office.code, address})
    if (!result.affected) throw new NotFoundError(text('app.notSender', {address, office: office.code}))
    return recordChange(manager, ctx, actor, office, 'removed', address, now)
  })
}

async function recordChange(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, office: OfficeRecord, change: 'added' | 'removed', address: string, now: Date,
): Promise<SendersChange> {
  const view = await viewOf(manager, office)
  const data: SendersChangedMailData = {
    receiptNo: null, officeCode: office.code, officeName: office.name, adminName: office.adminName,
    change, address, senders: view.senders.map(s => s.address),
  }
  const mail = await enqueueMail(manager, ctx.config, {
    kind: 'senders-changed', receiptNo: null, locale: office.locale, recipients: [office.adminEmail], data: data as unknown as Record<string, unknown>,
  }, now)
  await recordAudit(manager, now, actor, change === 'added' ? 'sender_added' : 'sender_removed', null, address)
  return {...view, change, address, isChanged: true, noticeMailId: mail.id}
}

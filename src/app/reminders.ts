/**
 * Reminders and the staff's digest (issue 14): a daemon step on the business calendar. Each is sent at
 * most once per period: a row of `reminders` (kind, subject) is written in the transaction of its mail,
 * so a second cycle — or a second daemon on PostgreSQL — finds it and sends nothing. On a day NACCS
 * Center is closed nothing is sent; what falls due then is sent on the next business day.
 *
 * - query-reminder: a query left unanswered for NSS_QUERY_REMINDER_DAYS business days, to the office —
 *   once per query (a second query of the same application is a new period);
 * - password-reminder: issued passwords not viewed by the start of the window's last business day, to
 *   the office — once per receipt;
 * - registration-applied (反映完了): the day the scheduled registration changes took effect, to the
 *   office — once per receipt;
 * - staff-digest: the first cycle after 09:00 Japan time of a business day — overdue, due today,
 *   unanswered queries, mails that failed or bounced — to every reviewer with an address and
 *   NSS_STAFF_EMAIL, once per day.
 */
import type {EntityManager} from 'typeorm'
import {In, IsNull, Not} from 'typeorm'
import {addCalendarDays, tokyoDateOf, toTokyoIso} from '../domain/japan-time'
import {dueDateOf, isOverdue, OPEN_STATUSES} from '../domain/review-queue'
import type {MailKind} from '../domain/vocabulary'
import {STAFF_MAIL_KINDS} from '../domain/vocabulary'
import type {DigestItem, StaffDigestMailData} from '../mail/outbound/mail-data'
import {
  ApplicationEntity, ApplicationLogEntity, AuditEventEntity, IssuedPasswordEntity, OutboxMailEntity, ReminderEntity, ScheduledChangeEntity,
} from '../store/entities'
import {loadOfficeRecord, toApplication} from '../store/repositories'
import type {DeskContext} from './context'
import {mailDataOf, recipientsOf} from './effects'
import {enqueueMail} from './outbox'
import {staffRecipients} from './staff-notices'

/** The hour (Japan time) from which the day's digest goes out. */
export const DIGEST_HOUR = 9

/** What one run of the step sent. */
export interface RemindersReport {
  queryReminders: number
  passwordReminders: number
  registrationApplied: number
  digests: number
}

/** Sends what is due now (see the file comment); one transaction per mail. */
export async function sendReminders(ctx: DeskContext, now: Date): Promise<RemindersReport> {
  const report: RemindersReport = {queryReminders: 0, passwordReminders: 0, registrationApplied: 0, digests: 0}
  const today = tokyoDateOf(now)
  if (!ctx.calendar.isBusinessDay(today)) return report
  report.queryReminders = await remindUnansweredQueries(ctx, now, today)
  report.passwordReminders = await remindUnviewedPasswords(ctx, now, today)
  report.registrationApplied = await tellRegistrationApplied(ctx, now, today)
  report.digests = await sendDigest(ctx, now, today)
  return report
}

/**
 * Claims (kind, subject) in the caller's transaction: true when this transaction is the first, false
 * when it was sent before. The insert's unique key decides, on both dialects.
 */
async function claimReminder(manager: EntityManager, kind: MailKind, subject: string, now: Date): Promise<boolean> {
  const isPostgres = manager.connection.options.type === 'postgres'
  const [k, s, t] = isPostgres ? ['$1', '$2', '$3'] : ['?', '?', '?']
  // RETURNING gives a row only when this insert wrote it (SQLite 3.35+, PostgreSQL): the key decides.
  const rows = await manager.query(
    `INSERT INTO "reminders" ("kind", "subject", "sentAt") VALUES (${k}, ${s}, ${t}) ON CONFLICT DO NOTHING RETURNING "kind"`,
    [kind, subject, now.toISOString()],
  ) as unknown[]
  return rows.length === 1
}

/** Writes one office reminder about `receiptNo`, once per subject. */
async function remindOffice(
  ctx: DeskContext, now: Date, kind: MailKind, receiptNo: string, subject: string, extra: (app: ReturnType<typeof toApplication>) => Record<string, unknown>,
): Promise<boolean> {
  return ctx.store.write(async manager => {
    const row = await manager.findOneBy(ApplicationEntity, {receiptNo})
    if (!row) return false
    const app = toApplication(row)
    const office = await loadOfficeRecord(manager, app.officeCode)
    if (!office) return false
    if (!(await claimReminder(manager, kind, subject, now))) return false
    await enqueueMail(manager, ctx.config, {
      kind, receiptNo, locale: office.locale, recipients: recipientsOf(app, office), data: {...mailDataOf(app, office), ...extra(app)},
    }, now)
    return true
  })
}

async function remindUnansweredQueries(ctx: DeskContext, now: Date, today: string): Promise<number> {
  const queried = await ctx.store.read(async manager => {
    const open = await manager.find(ApplicationEntity, {where: {status: 'query'}, select: {receiptNo: true}})
    if (open.length === 0) return []
    const logs = await manager.find(ApplicationLogEntity, {where: {receiptNo: In(open.map(a => a.receiptNo)), item: 'query'}, order: {id: 'ASC'}})
    // The latest query of each application: the period its reminder belongs to.
    return [...new Map(logs.map(log => [log.receiptNo, log])).values()]
  })
  let sent = 0
  for (const query of queried) {
    const day = tokyoDateOf(new Date(query.at))
    if (ctx.calendar.businessDaysAfter(day, today) < ctx.config.queryReminderDays) continue
    if (await remindOffice(ctx, now, 'query-reminder', query.receiptNo, `${query.receiptNo}@${query.at}`, () => ({notice: query.notice, status: 'query'}))) sent++
  }
  return sent
}

async function remindUnviewedPasswords(ctx: DeskContext, now: Date, today: string): Promise<number> {
  // The window's last business day is today: the passwords can be viewed until its end.
  const due = await ctx.store.read(async manager => {
    const sealed = await manager.find(IssuedPasswordEntity, {where: {sealed: Not(IsNull()), visibleUntil: today}})
    const receipts = [...new Set(sealed.map(p => p.receiptNo))]
    if (receipts.length === 0) return []
    const viewed = await manager.find(AuditEventEntity, {where: {action: 'passwords_viewed', receiptNo: In(receipts)}})
    const seen = new Set(viewed.map(v => v.receiptNo))
    return receipts.filter(r => !seen.has(r)).map(r => ({receiptNo: r, visibleUntil: today}))
  })
  let sent = 0
  for (const {receiptNo, visibleUntil} of due) {
    if (await remindOffice(ctx, now, 'password-reminder', receiptNo, receiptNo, app => ({
      passwordsVisibleUntil: visibleUntil, registrationDate: app.registrationDate, notice: '',
    }))) sent++
  }
  return sent
}

async function tellRegistrationApplied(ctx: DeskContext, now: Date, today: string): Promise<number> {
  // Changes applied up to now whose date has come: the day they took effect (or the first business day after).
  const applied = await ctx.store.read(manager => manager.find(ScheduledChangeEntity, {
    where: {appliedAt: Not(IsNull())}, select: {receiptNo: true, effectiveDate: true},
  }))
  const receipts = [...new Set(applied.filter(c => c.effectiveDate <= today && c.effectiveDate >= addCalendarDays(today, -7)).map(c => c.receiptNo))]
  let sent = 0
  for (const receiptNo of receipts) {
    if (await remindOffice(ctx, now, 'registration-applied', receiptNo, receiptNo, app => ({notice: '', registrationDate: app.registrationDate}))) sent++
  }
  return sent
}

/** The day's digest, from the first cycle at or after 09:00 Japan time. */
async function sendDigest(ctx: DeskContext, now: Date, today: string): Promise<number> {
  if (Number(toTokyoIso(now).slice(11, 13)) < DIGEST_HOUR) return 0
  const rules = {calendar: ctx.calendar, minLeadBusinessDays: ctx.config.minLeadBusinessDays, reviewBusinessDays: ctx.config.reviewBusinessDays}
  return ctx.store.write(async manager => {
    const recipients = await staffRecipients(manager, ctx, null)
    if (recipients.length === 0) return 0
    if (!(await claimReminder(manager, 'staff-digest', today, now))) return 0
    const open = (await manager.find(ApplicationEntity, {where: {status: In([...OPEN_STATUSES])}, order: {submittedAt: 'ASC'}})).map(toApplication)
    const items = open.map(app => ({app, item: {
      receiptNo: app.receiptNo, officeCode: app.officeCode, owner: app.owner,
      date: dueDateOf({timing: app.timing, desiredDate: app.desiredDate, receiptDay: tokyoDateOf(app.submittedAt)}, rules),
    } satisfies DigestItem}))
    const queryLogs = await manager.find(ApplicationLogEntity, {
      where: {item: 'query', receiptNo: In(open.filter(a => a.status === 'query').map(a => a.receiptNo))}, order: {id: 'ASC'},
    })
    const askedOn = new Map(queryLogs.map(log => [log.receiptNo, tokyoDateOf(new Date(log.at))]))
    // Since the previous business day's digest: what failed or bounced in between.
    const since = new Date(`${ctx.calendar.previousBusinessDay(today)}T${String(DIGEST_HOUR).padStart(2, '0')}:00:00+09:00`).toISOString()
    const undelivered = await manager.createQueryBuilder(OutboxMailEntity, 'o')
      .where('o.status IN (:...statuses)', {statuses: ['failed', 'bounced']})
      .andWhere('o.kind NOT IN (:...staff)', {staff: [...STAFF_MAIL_KINDS]})
      .andWhere('o.createdAt >= :since', {since}).orderBy('o.id', 'ASC').getMany()
    const messages = await manager.createQueryBuilder(ApplicationLogEntity, 'l')
      .where('l.item = :item', {item: 'office_message'}).andWhere('l.at >= :since', {since}).orderBy('l.id', 'ASC').getMany()
    const officeOf = new Map((await manager.find(ApplicationEntity, {where: {receiptNo: In([...new Set(messages.map(m => m.receiptNo))])}}))
      .map(row => [row.receiptNo, row]))
    const data: StaffDigestMailData = {
      day: today,
      overdue: items.filter(i => isOverdue(today, i.item.date)).map(i => i.item),
      dueToday: items.filter(i => i.item.date === today).map(i => i.item),
      unansweredQueries: items.filter(i => i.app.status === 'query').map(i => ({...i.item, date: askedOn.get(i.app.receiptNo) ?? i.item.date})),
      officeMessages: messages.map(m => ({
        receiptNo: m.receiptNo, officeCode: officeOf.get(m.receiptNo)?.officeCode ?? '', date: tokyoDateOf(new Date(m.at)), owner: officeOf.get(m.receiptNo)?.owner ?? null,
      })),
      undelivered: undelivered.map(m => ({receiptNo: m.receiptNo, kind: m.kind, status: m.status, to: m.recipients})),
    }
    await enqueueMail(manager, ctx.config, {
      kind: 'staff-digest', receiptNo: null, locale: 'ja', recipients, data: data as unknown as Record<string, unknown>,
    }, now)
    return 1
  })
}

/**
 * nss status: news, lists and the 参照 screen (SPEC §9). Reads go through the store's read models
 * (src/store/read-models.ts), never TypeORM: `status` is the command scripts call most (SPEC §14).
 */
import {text} from '../domain/messages/text'
import type {Application} from '../domain/application'
import {InvalidInputError, NotFoundError, PermissionError} from '../domain/errors'
import {businessDaysLeft, dueDateOf, isOverdue, OPEN_STATUSES} from '../domain/review-queue'
import {DAY_FORMS, parseDay, tokyoDateOf, toTokyoIso} from '../domain/japan-time'
import type {OfficeRecord} from '../domain/master-data'
import {
  APPLICATION_STATUSES, ApplicationStatus, Locale, LOG_ITEM_LABELS, NEWS_MESSAGES, OfficeMailKind, STATUS_LABELS,
} from '../domain/vocabulary'
import type {MailRecord, QueueRecord, ReadModels} from '../store/read-models'
import {Actor, checkAccess} from './actor'
import type {DeskContext} from './context'
import type {ApplicationSummaryView, ApplicationView, EntryView, MailView, StatusListView} from './views'

/** How many 新着情報 an office sees (the seed: 最新の10件を表示). */
const NEWS_LIMIT = 10

/** How many applications a list shows unless told otherwise; `total` says how many there are. */
export const DEFAULT_LIST_LIMIT = 100

/** nss status RECEIPT: the seed's 参照 screen as data (SPEC §9), read in one snapshot. */
export async function showApplication(ctx: DeskContext, actor: Actor, receiptNo: string): Promise<ApplicationView> {
  return ctx.store.snapshot(async reads => {
    const app = checkAccess(actor, receiptNo, await reads.findApplication(receiptNo))
    const office = await reads.findOffice(app.officeCode)
    if (!office) throw new NotFoundError(text('app.noOffice', {office: app.officeCode}))
    const view = await buildApplicationView(reads, app, office, actor.kind === 'reviewer')
    // Who has it is the center's business (issue 14): the reviewer's 参照 screen shows it.
    return actor.kind === 'reviewer' ? {...view, owner: app.owner} : view
  })
}

async function buildApplicationView(reads: ReadModels, app: Application, office: OfficeRecord, showsActors: boolean): Promise<ApplicationView> {
  const locale = office.locale
  const issued = await reads.findIssuedPasswords(app.receiptNo)
  const log = await reads.listLog(app.receiptNo)
  const mails = await reads.listMails(app.receiptNo)
  const attachments = await reads.listAttachments(app.receiptNo)
  return {
    receiptNo: app.receiptNo,
    office: office.code,
    officeName: office.name,
    status: app.status,
    statusLabel: STATUS_LABELS[locale][app.status],
    submittedAt: toTokyoIso(app.submittedAt),
    timing: app.timing,
    desiredDate: app.desiredDate,
    registrationDate: app.registrationDate,
    remarks: app.remarks,
    contact: app.contact,
    entries: app.entries.map(entry => toEntryView(entry, office)),
    log: log.map(line => ({
      item: LOG_ITEM_LABELS[locale][line.item as keyof (typeof LOG_ITEM_LABELS)['ja']] ?? line.item,
      at: toTokyoIso(new Date(line.at)),
      notice: line.notice,
      // Who did what (issue 14) is the reviewers' to see.
      ...(showsActors ? {actor: line.actor} : {}),
    })),
    supersedes: app.supersedes,
    supersededBy: app.supersededBy,
    mail: mails.map(toMailView),
    attachments,
    passwordsVisibleUntil: issued?.isSealed ? issued.visibleUntil : null,
    locale,
  }
}

/**
 * A mail as `status` shows it. A mail being sent right now (`sending`, src/app/deliver-outbox.use-case.ts)
 * is still pending to the reader. The last answer is shown when there is one: why a mail failed, was
 * refused for some recipients, or waits for its next attempt.
 */
function toMailView(mail: MailRecord): MailView {
  const status = (mail.status === 'sending' ? 'pending' : mail.status) as MailView['status']
  const view: MailView = {kind: mail.kind as OfficeMailKind, to: mail.recipients, status}
  if (mail.lastError) view.lastError = mail.lastError
  if (mail.dataPurgedAt) view.contentPurged = true
  return view
}

/** An entry with its user code's master data, as the 参照 and 確認 screens show it. */
export function toEntryView(entry: Application['entries'][number], office: OfficeRecord): EntryView {
  const userCode = office.userCodes.find(u => u.code === entry.userCode)
  return {
    userCode: entry.userCode,
    companyNameEn: userCode?.companyNameEn ?? '',
    officeNameEn: userCode?.officeNameEn ?? '',
    addressEn: userCode?.addressEn ?? '',
    managerNameEn: userCode?.managerNameEn ?? '',
    systemClass: userCode?.systemClass ?? 'shared',
    industry: userCode?.industry ?? '',
    passwordReset: entry.passwordReset
      ? {...entry.passwordReset, userIds: entry.passwordReset.ids.map(ident => `${entry.userCode}${ident}`)}
      : null,
    registration: entry.registration ?? null,
  }
}

export interface StatusFilter {
  status?: string
  /** The reviewer's queue (issue 14): only the applications the acting reviewer owns. */
  mine?: boolean
  /** Only the applications nobody owns. */
  unassigned?: boolean
  /** Only the applications whose due date has passed. */
  overdue?: boolean
  /** YYYY-MM-DD (Japan): applications submitted on or after this day. */
  since?: string
  /** At most this many applications, the newest first (default 100); 0 = all of them. */
  limit?: number
}

function checkFilter(filter: StatusFilter, actor: Actor): {status?: ApplicationStatus; sinceIso?: string; limit: number | null} {
  const queueFlags = (['mine', 'unassigned', 'overdue'] as const).filter(flag => filter[flag])
  if (actor.kind !== 'reviewer' && queueFlags.length > 0) {
    throw new PermissionError(text('app.queueFlagsReviewer', {flags: queueFlags.map(flag => `--${flag}`).join(', ')}))
  }
  const issues = []
  if (filter.mine && filter.unassigned) issues.push({path: 'unassigned', message: text('app.notWithMine')})
  if (filter.status && !APPLICATION_STATUSES.includes(filter.status as ApplicationStatus)) {
    issues.push({path: 'status', message: text('app.oneOf', {values: APPLICATION_STATUSES.join(', ')})})
  }
  const since = filter.since === undefined || filter.since.trim() === '' ? undefined : parseDay(filter.since)
  if (since === null) issues.push({path: 'since', message: DAY_FORMS})
  const limit = filter.limit ?? DEFAULT_LIST_LIMIT
  if (!Number.isInteger(limit) || limit < 0) issues.push({path: 'limit', message: text('app.limitForm')})
  if (issues.length > 0) throw new InvalidInputError(text('app.invalidFilter'), issues)
  return {
    status: filter.status as ApplicationStatus | undefined,
    sinceIso: since ? new Date(`${since}T00:00:00+09:00`).toISOString() : undefined,
    limit: limit === 0 ? null : limit,
  }
}

/**
 * nss status: for an office, its news (the latest 10) and its applications, newest first; for a
 * reviewer, the review queue (issue 14). Both at most `limit` of them, with the `total` that match: an
 * office may have tens of thousands.
 */
export async function listStatus(ctx: DeskContext, actor: Actor, filter: StatusFilter = {}): Promise<StatusListView> {
  const checked = checkFilter(filter, actor)
  if (actor.kind === 'reviewer') return listReviewQueue(ctx, actor, filter, checked)
  const {status, sinceIso, limit} = checked
  return ctx.store.snapshot(async reads => {
    const locale: Locale = (await reads.findOffice(actor.code))?.locale ?? 'ja'
    const listed = await reads.listApplications({officeCode: actor.code, status, sinceIso}, limit)
    const news = await reads.latestNews(actor.code, NEWS_LIMIT)
    return {
      news: news.map(n => ({
        date: tokyoDateOf(new Date(n.at)),
        kind: 'system_settings' as const,
        receiptNo: n.receiptNo,
        message: NEWS_MESSAGES[locale][n.message as 'query' | 'completed'] ?? n.message,
      })),
      applications: listed.applications.map(r => ({
        receiptNo: r.receiptNo,
        status: r.status as ApplicationStatus,
        statusLabel: STATUS_LABELS[locale][r.status as ApplicationStatus],
        submittedAt: toTokyoIso(new Date(r.submittedAt)),
        office: r.officeCode,
      })),
      total: listed.total,
      isReviewQueue: false,
      locale,
    }
  })
}

/**
 * The reviewer's queue (issue 14): the applications still open (received and under query) unless
 * --status names one, each with its due date, the business days left, its owner and its last
 * activity. Open applications come by due date, the most urgent first (then the oldest receipt);
 * closed ones, which have no due date, the newest first as the office's list. --mine, --unassigned
 * and --overdue narrow it.
 */
async function listReviewQueue(
  ctx: DeskContext, actor: Extract<Actor, {kind: 'reviewer'}>, filter: StatusFilter, checked: ReturnType<typeof checkFilter>,
): Promise<StatusListView> {
  const today = tokyoDateOf(ctx.clock.now())
  const statuses = checked.status ? [checked.status] : OPEN_STATUSES
  const isOpen = statuses.every(status => OPEN_STATUSES.includes(status))
  const owner = filter.mine ? actor.id : filter.unassigned ? null : undefined
  // Sorting by due date, and --overdue, need every match; an open queue is days of work, not years.
  const sortsHere = isOpen || filter.overdue === true
  return ctx.store.snapshot(async reads => {
    const listed = await reads.listReviewQueue({statuses, owner, sinceIso: checked.sinceIso}, sortsHere ? null : checked.limit)
    let rows = listed.applications.map(row => queueRowOf(ctx, row, today))
    if (filter.overdue) rows = rows.filter(row => row.dueDate !== null && isOverdue(today, row.dueDate))
    if (isOpen) rows.sort(byUrgency)
    const total = sortsHere ? rows.length : listed.total
    return {
      news: [],
      applications: sortsHere && checked.limit !== null ? rows.slice(0, checked.limit) : rows,
      total,
      isReviewQueue: true,
      locale: 'ja',
    }
  })
}

/** The earlier due date first; then the older receipt (receipt numbers rise with time within a year, and submittedAt says which year). */
function byUrgency(a: QueueRow, b: QueueRow): number {
  return compare(a.dueDate!, b.dueDate!) || compare(a.submittedAt, b.submittedAt) || compare(a.receiptNo, b.receiptNo)
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

type QueueRow = ApplicationSummaryView & {dueDate: string | null}

function queueRowOf(ctx: DeskContext, row: QueueRecord, today: string): QueueRow {
  const status = row.status as ApplicationStatus
  const dueDate = OPEN_STATUSES.includes(status)
    ? dueDateOf({timing: row.timing as Application['timing'], desiredDate: row.desiredDate, receiptDay: tokyoDateOf(new Date(row.submittedAt))}, {
      calendar: ctx.calendar, minLeadBusinessDays: ctx.config.minLeadBusinessDays, reviewBusinessDays: ctx.config.reviewBusinessDays,
    })
    : null
  return {
    receiptNo: row.receiptNo,
    status,
    statusLabel: STATUS_LABELS.ja[status],
    submittedAt: toTokyoIso(new Date(row.submittedAt)),
    office: row.officeCode,
    dueDate,
    businessDaysLeft: dueDate === null ? null : businessDaysLeft(today, dueDate, ctx.calendar),
    owner: row.owner,
    lastActivityAt: toTokyoIso(new Date(row.lastActivityAt)),
  }
}

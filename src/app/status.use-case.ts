/**
 * nss status: news, lists and the 参照 screen (SPEC §9). Reads go through the store's read models
 * (src/store/read-models.ts), never TypeORM: `status` is the command scripts call most (SPEC §14).
 */
import type {Application} from '../domain/application'
import {InvalidInputError, NotFoundError} from '../domain/errors'
import {DAY_FORMS, parseDay, tokyoDateOf, toTokyoIso} from '../domain/japan-time'
import type {OfficeRecord} from '../domain/master-data'
import {
  APPLICATION_STATUSES, ApplicationStatus, Locale, LOG_ITEM_LABELS, MailKind, NEWS_MESSAGES, STATUS_LABELS,
} from '../domain/vocabulary'
import type {MailRecord, ReadModels} from '../store/read-models'
import {Actor, checkAccess} from './actor'
import type {DeskContext} from './context'
import type {ApplicationView, EntryView, MailView, StatusListView} from './views'

/** How many 新着情報 an office sees (the seed: 最新の10件を表示). */
const NEWS_LIMIT = 10

/** How many applications a list shows unless told otherwise; `total` says how many there are. */
export const DEFAULT_LIST_LIMIT = 100

/** nss status RECEIPT: the seed's 参照 screen as data (SPEC §9), read in one snapshot. */
export async function showApplication(ctx: DeskContext, actor: Actor, receiptNo: string): Promise<ApplicationView> {
  return ctx.store.snapshot(async reads => {
    const app = checkAccess(actor, receiptNo, await reads.findApplication(receiptNo))
    const office = await reads.findOffice(app.officeCode)
    if (!office) throw new NotFoundError(`no office ${app.officeCode}`)
    return buildApplicationView(reads, app, office)
  })
}

async function buildApplicationView(reads: ReadModels, app: Application, office: OfficeRecord): Promise<ApplicationView> {
  const locale = office.locale
  const issued = await reads.findIssuedPasswords(app.receiptNo)
  const log = await reads.listLog(app.receiptNo)
  const mails = await reads.listMails(app.receiptNo)
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
    })),
    supersedes: app.supersedes,
    supersededBy: app.supersededBy,
    mail: mails.map(toMailView),
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
  const view: MailView = {kind: mail.kind as MailKind, to: mail.recipients, status}
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
  /** YYYY-MM-DD (Japan): applications submitted on or after this day. */
  since?: string
  /** At most this many applications, the newest first (default 100); 0 = all of them. */
  limit?: number
}

function checkFilter(filter: StatusFilter): {status?: ApplicationStatus; sinceIso?: string; limit: number | null} {
  const issues = []
  if (filter.status && !APPLICATION_STATUSES.includes(filter.status as ApplicationStatus)) {
    issues.push({path: 'status', message: `one of ${APPLICATION_STATUSES.join(', ')}`})
  }
  const since = filter.since === undefined || filter.since.trim() === '' ? undefined : parseDay(filter.since)
  if (since === null) issues.push({path: 'since', message: DAY_FORMS})
  const limit = filter.limit ?? DEFAULT_LIST_LIMIT
  if (!Number.isInteger(limit) || limit < 0) issues.push({path: 'limit', message: 'a whole number, 0 for all'})
  if (issues.length > 0) throw new InvalidInputError('invalid filter', issues)
  return {
    status: filter.status as ApplicationStatus | undefined,
    sinceIso: since ? new Date(`${since}T00:00:00+09:00`).toISOString() : undefined,
    limit: limit === 0 ? null : limit,
  }
}

/**
 * nss status: for an office, its news (the latest 10) and its applications; for a reviewer, the review
 * queue (applications waiting for review unless --status says otherwise). Newest first, at most
 * `limit` of them, with the `total` that match: an office may have tens of thousands.
 */
export async function listStatus(ctx: DeskContext, actor: Actor, filter: StatusFilter = {}): Promise<StatusListView> {
  const {status, sinceIso, limit} = checkFilter(filter)
  return ctx.store.snapshot(async reads => {
    let locale: Locale = 'ja'
    if (actor.kind === 'office') locale = (await reads.findOffice(actor.code))?.locale ?? 'ja'
    const listed = await reads.listApplications(
      actor.kind === 'office' ? {officeCode: actor.code, status, sinceIso} : {status: status ?? 'received', sinceIso}, limit)
    const news = actor.kind === 'office' ? await reads.latestNews(actor.code, NEWS_LIMIT) : []
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
      isReviewQueue: actor.kind === 'reviewer',
      locale,
    }
  })
}

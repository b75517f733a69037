import {text, type LocalText} from '../domain/messages/text'
import type {EntityManager} from 'typeorm'
import type {Application} from '../domain/application'
import {hasControlCharacters} from '../domain/control-characters'
import {ConflictError, InvalidInputError, NotFoundError} from '../domain/errors'
import {OPEN_STATUSES} from '../domain/review-queue'
import {DAY_FORMS, LocalDate, parseDay, tokyoDateOf} from '../domain/japan-time'
import {decideTransition} from '../domain/lifecycle'
import type {OfficeRecord} from '../domain/master-data'
import {checkApplication, composeNotice} from '../domain/review-checks'
import {ScheduledChangeEntity} from '../store/entities'
import {loadOfficeRecord, updateApplication} from '../store/repositories'
import type {Actor} from './actor'
import {loadApplicationFor} from './application-access'
import type {DeskContext} from './context'
import {recordAudit} from './audit'
import {applyEffects} from './effects'
import {issuePasswords} from './issued-passwords'
import type {OwnershipResult, ReviewCheckView, TransitionResult} from './views'

type ReviewerActor = Extract<Actor, {kind: 'reviewer'}>

/** Notices are free text from center staff; a generous bound keeps mails and screens sane. */
const MAX_NOTICE_LENGTH = 2000
const CONTROL_MESSAGE = text('app.controlChars')

async function loadOfficeOf(manager: EntityManager, app: Application): Promise<OfficeRecord> {
  const office = await loadOfficeRecord(manager, app.officeCode)
  if (!office) throw new NotFoundError(text('app.noOffice', {office: app.officeCode}))
  return office
}

/**
 * The notice (通知内容) of --query / --complete: mailed to the office and shown on its screens, so it
 * goes through the one control-character check of every actor's free text (control-characters.ts).
 */
function checkNotice(notice: string, required: boolean, event: 'query' | 'message' = 'query'): string {
  const clean = notice.normalize('NFC').trim()
  if (hasControlCharacters(clean)) {
    throw new InvalidInputError(text('app.noticeControlChars'), [{path: 'notice', message: CONTROL_MESSAGE}])
  }
  if (required && clean === '') {
    throw new InvalidInputError(text('app.noticeRequired', {event}), [{path: 'notice', message: text('app.noticeRequiredFor', {event})}])
  }
  if ([...clean].length > MAX_NOTICE_LENGTH) {
    throw new InvalidInputError(text('app.noticeTooLong'), [{path: 'notice', message: text('app.atMostCharacters', {max: MAX_NOTICE_LENGTH})}])
  }
  return clean
}

/** nss review --query: ask the office a question (SPEC §4 `query`: notice required). */
export async function queryApplication(ctx: DeskContext, actor: ReviewerActor, receiptNo: string, notice: string): Promise<TransitionResult> {
  checkNotice(notice, false)
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    const transition = decideTransition(app.status, 'query', actor.kind)
    const text = checkNotice(notice, transition.noticeRequired)
    const office = await loadOfficeOf(manager, app)
    await updateApplication(manager, app, {status: transition.to}, now)
    await applyEffects(manager, ctx, transition, {...app, status: transition.to}, office, actor, now, text)
    return {receiptNo: app.receiptNo, status: transition.to}
  })
}

/**
 * nss review --message (issue 14): 「NACCSセンターからの連絡」 to the office of an open application, in
 * 進行状況, its 新着情報 and a mail (with the reply form again while it is under query); its status
 * stays. A row of the lifecycle like every other event (src/domain/lifecycle.ts): a closed application
 * is exit 5.
 */
export async function messageApplication(ctx: DeskContext, actor: ReviewerActor, receiptNo: string, message: string): Promise<TransitionResult> {
  checkNotice(message, false)
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    const transition = decideTransition(app.status, 'message', actor.kind)
    const text = checkNotice(message, transition.noticeRequired, 'message')
    const office = await loadOfficeOf(manager, app)
    // applyEffects records the event for `nss audit` too, as for every row of the lifecycle.
    await applyEffects(manager, ctx, transition, app, office, actor, now, text, {status: app.status})
    return {receiptNo: app.receiptNo, status: app.status}
  })
}

/**
 * The registration date at completion (SPEC §4): the reviewer's, else the desired date (timing `date`),
 * else the lead time counted in business days from the completion day (timing `earliest`).
 */
function decideRegistrationDate(ctx: DeskContext, app: Application, today: LocalDate, given: string | undefined): LocalDate {
  if (given !== undefined) {
    if (hasControlCharacters(given)) {
      throw new InvalidInputError(text('app.registrationDateInvalid'), [{path: 'registrationDate', message: CONTROL_MESSAGE}])
    }
    const date = parseDay(given)
    const problems: LocalText[] = []
    if (!date) problems.push(DAY_FORMS)
    else {
      if (date < today) problems.push(text('app.notInPast'))
      if (!ctx.calendar.isBusinessDay(date)) problems.push(text('app.notBusinessDay'))
    }
    if (problems.length > 0) {
      throw new InvalidInputError(text('app.registrationDateInvalidValue', {given}), problems.map(message => ({path: 'registrationDate', message})))
    }
    return date!
  }
  if (app.timing === 'date' && app.desiredDate && app.desiredDate >= today) return app.desiredDate
  return ctx.calendar.addBusinessDays(ctx.calendar.sameOrNextBusinessDay(today), ctx.config.minLeadBusinessDays)
}

/**
 * nss review --complete: finish the review (SPEC §4 `complete`): passwords are issued for the reset
 * IDs (SPEC §7), registration changes are scheduled for the registration date, and the completion mail
 * says until when the passwords can be viewed — never the passwords.
 */
export async function completeApplication(
  ctx: DeskContext, actor: ReviewerActor, receiptNo: string, notice: string, registrationDate?: string,
): Promise<TransitionResult> {
  checkNotice(notice, false)
  const now = ctx.clock.now()
  const today = tokyoDateOf(now)
  return ctx.store.write(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    const transition = decideTransition(app.status, 'complete', actor.kind)
    const text = checkNotice(notice, transition.noticeRequired)
    const date = decideRegistrationDate(ctx, app, today, registrationDate)
    const office = await loadOfficeOf(manager, app)

    await updateApplication(manager, app, {status: transition.to, registrationDate: date, completedAt: now.toISOString()}, now)
    const visibleUntil = await issuePasswords(manager, ctx, app, now)
    for (const entry of app.entries) {
      if (!entry.registration) continue
      await manager.insert(ScheduledChangeEntity, {
        userCode: entry.userCode, receiptNo: app.receiptNo, effectiveDate: date, changes: entry.registration, appliedAt: null,
      })
    }
    const completed = {...app, status: transition.to, registrationDate: date, completedAt: now}
    await applyEffects(manager, ctx, transition, completed, office, actor, now, text,
      {registrationDate: date, passwordsVisibleUntil: visibleUntil})
    return {receiptNo: app.receiptNo, status: transition.to}
  })
}

/** nss review --check: findings that help the reviewer, each with a notice ready to send (SPEC §8). */
export async function checkForReview(ctx: DeskContext, actor: ReviewerActor, receiptNo: string): Promise<ReviewCheckView> {
  const today = tokyoDateOf(ctx.clock.now())
  return ctx.store.read(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    const office = await loadOfficeOf(manager, app)
    const findings = checkApplication(app, office, {
      today, calendar: ctx.calendar, minLeadBusinessDays: ctx.config.minLeadBusinessDays, locale: office.locale, readerLocale: ctx.readerLocale,
    })
    return {receiptNo: app.receiptNo, findings, notice: composeNotice(findings)}
  })
}

/** nss review --from-check: send the findings as a query; with no findings there is nothing to ask. */
export async function queryFromCheck(ctx: DeskContext, actor: ReviewerActor, receiptNo: string, extra = ''): Promise<TransitionResult> {
  const check = await checkForReview(ctx, actor, receiptNo)
  const notice = [check.notice, extra.trim()].filter(Boolean).join('\n')
  if (notice === '') {
    throw new InvalidInputError(text('app.nothingToAsk', {receiptNo}), [{path: 'notice', message: text('app.noFindings')}])
  }
  return queryApplication(ctx, actor, receiptNo, notice)
}

/**
 * nss review --take (issue 14): the reviewer becomes the application's owner. An open application only
 * (received or under query); one another reviewer owns is exit 5 unless `force` takes it over. Two
 * reviewers taking it at once: the row's version lets exactly one of them win (updateApplication).
 */
export async function takeApplication(
  ctx: DeskContext, actor: ReviewerActor, receiptNo: string, options: {force?: boolean} = {},
): Promise<OwnershipResult> {
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    if (app.owner === actor.id) return {receiptNo, owner: actor.id, previousOwner: actor.id}
    if (!OPEN_STATUSES.includes(app.status)) {
      throw new ConflictError(text('app.takeNotOpen', {receiptNo, status: app.status}))
    }
    if (app.owner !== null && !options.force) {
      throw new ConflictError(text('app.takenBy', {receiptNo, owner: app.owner}))
    }
    await updateApplication(manager, app, {owner: actor.id}, now)
    await recordAudit(manager, now, actor, 'application_taken', receiptNo, app.owner === null ? '' : `from ${app.owner}`)
    return {receiptNo, owner: actor.id, previousOwner: app.owner}
  })
}

/** nss review --release: the application has no owner again; another reviewer's is exit 5 unless `force`. */
export async function releaseApplication(
  ctx: DeskContext, actor: ReviewerActor, receiptNo: string, options: {force?: boolean} = {},
): Promise<OwnershipResult> {
  const now = ctx.clock.now()
  return ctx.store.write(async manager => {
    const app = await loadApplicationFor(manager, actor, receiptNo)
    if (app.owner === null) return {receiptNo, owner: null, previousOwner: null}
    if (app.owner !== actor.id && !options.force) {
      throw new ConflictError(text('app.takenByOther', {receiptNo, owner: app.owner}))
    }
    await updateApplication(manager, app, {owner: null}, now)
    await recordAudit(manager, now, actor, 'application_released', receiptNo, app.owner === actor.id ? '' : `from ${app.owner}`)
    return {receiptNo, owner: null, previousOwner: app.owner}
  })
}

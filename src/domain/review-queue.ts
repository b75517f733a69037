/**
 * The review queue's due dates (issue 14): when a reviewer must have completed an application, on the
 * business calendar (SPEC §6). Pure: the read side computes them for `nss status` from what is stored.
 */
import type {BusinessCalendar} from './business-calendar'
import type {LocalDate} from './japan-time'
import type {ApplicationStatus, Timing} from './vocabulary'

/** The statuses a reviewer still has work on: the queue sorts these by due date. */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['received', 'query']

export interface DueDateRules {
  calendar: BusinessCalendar
  /** NSS_MIN_LEAD_DAYS: business days between completion and the registration date. */
  minLeadBusinessDays: number
  /** NSS_REVIEW_DAYS: business days a reviewer has for an application with timing `earliest`. */
  reviewBusinessDays: number
}

/**
 * The due date of an application:
 * - timing `date`: the last business day on which completing it still meets the desired date with
 *   the registration lead (completion day + lead business days ≤ the desired date);
 * - timing `earliest` (or a `date` without a desired date): the receipt day (the next business day
 *   when received on a closed day) plus NSS_REVIEW_DAYS business days.
 */
export function dueDateOf(
  app: {timing: Timing; desiredDate: LocalDate | null; receiptDay: LocalDate}, rules: DueDateRules,
): LocalDate {
  const {calendar} = rules
  if (app.timing === 'date' && app.desiredDate) {
    return calendar.subtractBusinessDays(calendar.sameOrPreviousBusinessDay(app.desiredDate), rules.minLeadBusinessDays)
  }
  return calendar.addBusinessDays(calendar.sameOrNextBusinessDay(app.receiptDay), rules.reviewBusinessDays)
}

/** Whether the due date has passed: it was due before today. */
export function isOverdue(today: LocalDate, dueDate: LocalDate): boolean {
  return dueDate < today
}

/**
 * Business days from today to the due date, counting the due day and not today: 0 when it is due
 * today, 1 when due on the next business day. Overdue, it is negative: how many business days late,
 * at least -1 (due on Friday, looked at on Saturday, is late all the same).
 */
export function businessDaysLeft(today: LocalDate, dueDate: LocalDate, calendar: BusinessCalendar): number {
  if (!isOverdue(today, dueDate)) return calendar.businessDaysAfter(today, dueDate)
  return -Math.max(1, calendar.businessDaysAfter(dueDate, today))
}

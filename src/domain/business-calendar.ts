import {addCalendarDays, LocalDate, weekdayOf} from './japan-time'

let holidayTable: Readonly<Record<string, unknown>> | undefined

/**
 * The national holidays, loaded on the first business-day question: the table is large, and most
 * commands (`nss status`) never ask one (SPEC §14: load heavy modules only where used).
 */
function holidays(): Readonly<Record<string, unknown>> {
  return (holidayTable ??= (require('@holiday-jp/holiday_jp') as typeof import('@holiday-jp/holiday_jp')).holidays)
}

/**
 * The business calendar of NACCS Center (SPEC §6): a business day is a weekday that is not a Japanese
 * national holiday (from @holiday-jp/holiday_jp, a maintained table), not in the year-end closure
 * 12/29–1/3, and not one of the configured extra closed days.
 */
export class BusinessCalendar {
  private readonly extraClosedDays: ReadonlySet<LocalDate>

  constructor(extraClosedDays: Iterable<LocalDate> = []) {
    this.extraClosedDays = new Set(extraClosedDays)
  }

  /** Whether NACCS Center works on this day. */
  isBusinessDay(date: LocalDate): boolean {
    const weekday = weekdayOf(date)
    if (weekday === 0 || weekday === 6) return false
    if (isYearEndClosure(date)) return false
    if (date in holidays()) return false
    return !this.extraClosedDays.has(date)
  }

  /** The first business day strictly after `date`. */
  nextBusinessDay(date: LocalDate): LocalDate {
    let day = addCalendarDays(date, 1)
    while (!this.isBusinessDay(day)) day = addCalendarDays(day, 1)
    return day
  }

  /** The last business day strictly before `date`. */
  previousBusinessDay(date: LocalDate): LocalDate {
    let day = addCalendarDays(date, -1)
    while (!this.isBusinessDay(day)) day = addCalendarDays(day, -1)
    return day
  }

  /** `date` itself when it is a business day, else the last one before it. */
  sameOrPreviousBusinessDay(date: LocalDate): LocalDate {
    return this.isBusinessDay(date) ? date : this.previousBusinessDay(date)
  }

  /** The `count`-th business day before `date` (count 0 is `date` itself). */
  subtractBusinessDays(date: LocalDate, count: number): LocalDate {
    let day = date
    for (let i = 0; i < count; i++) day = this.previousBusinessDay(day)
    return day
  }

  /** `date` itself when it is a business day, else the next one. */
  sameOrNextBusinessDay(date: LocalDate): LocalDate {
    return this.isBusinessDay(date) ? date : this.nextBusinessDay(date)
  }

  /** The `count`-th business day after `date` (count 0 is `date` itself). */
  addBusinessDays(date: LocalDate, count: number): LocalDate {
    let day = date
    for (let i = 0; i < count; i++) day = this.nextBusinessDay(day)
    return day
  }

  /** How many business days lie after `from`, up to and including `to` (0 when `to` ≤ `from`). */
  businessDaysAfter(from: LocalDate, to: LocalDate): number {
    let count = 0
    for (let day = from; day < to; ) {
      day = addCalendarDays(day, 1)
      if (this.isBusinessDay(day)) count++
    }
    return count
  }
}

/** 12/29–1/3: the usual Japanese year-end closure. */
function isYearEndClosure(date: LocalDate): boolean {
  const monthDay = date.slice(5)
  return monthDay >= '12-29' || monthDay <= '01-03'
}

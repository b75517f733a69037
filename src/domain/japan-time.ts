/**
 * Japan time (SPEC §6). Every date a person sees, every receipt-number year and all business-day
 * arithmetic use Asia/Tokyo, whatever the server's TZ. Japan has kept UTC+9 without daylight saving
 * since 1951, so a fixed offset is exact and needs no time-zone database.
 */
import {text} from './messages/text'

/** A calendar day in Japan, `YYYY-MM-DD`. */
export type LocalDate = string

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000
const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** The fields of an instant as a clock in Tokyo shows them. */
function tokyoFields(instant: Date) {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  }
}

/** The day in Japan on which an instant falls. */
export function tokyoDateOf(instant: Date): LocalDate {
  const f = tokyoFields(instant)
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`
}

/** The year in Japan of an instant (a submission at 2025-12-31T16:00Z is in 2026). */
export function tokyoYearOf(instant: Date): number {
  return tokyoFields(instant).year
}

/** ISO 8601 with the +09:00 offset, seconds precision: `2021-02-02T11:15:00+09:00`. */
export function toTokyoIso(instant: Date): string {
  const f = tokyoFields(instant)
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}+09:00`
}

/** The seed's screen format: `2021/02/02 11:15`. */
export function formatTokyoMinute(instant: Date): string {
  const f = tokyoFields(instant)
  return `${f.year}/${pad(f.month)}/${pad(f.day)} ${pad(f.hour)}:${pad(f.minute)}`
}

/** `2021-02-12` → `2021/02/12`, as the seed's screens print dates. */
export function formatSlashDate(date: LocalDate): string {
  return date.replaceAll('-', '/')
}

/** `2021-02-12` → `2021年2月12日`, as the seed's mails print dates. */
export function formatJapaneseDate(date: LocalDate): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** The last instant (23:59:59.999 Japan time) of a day in Japan. */
export function endOfTokyoDay(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T23:59:59.999+09:00`))
}

/** `YYYYMMDD` (8 half-width digits) → LocalDate, or null when it is not a real calendar date. */
export function parseCompactDate(text: string): LocalDate | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text)
  if (!match) return null
  const [, y, m, d] = match
  const date = `${y}-${m}-${d}`
  return isRealDate(date) ? date : null
}

/** How a date typed on the command line or sent to the API may be written (said in every refusal). */
export const DAY_FORMS = text('app.dayForms')

/**
 * A day as a person types it — `YYYYMMDD` or `YYYY-MM-DD`, full-width digits and hyphens as well
 * (NFKC), spaces around ignored — or null when it is not a real calendar date. The one parser of
 * `--since` and `--registration-date` (and of their API fields), so both take the same forms.
 */
export function parseDay(text: string): LocalDate | null {
  const normalized = text.normalize('NFKC').trim()
  if (/^\d{8}$/.test(normalized)) return parseCompactDate(normalized)
  return isRealDate(normalized) ? normalized : null
}

/** Whether `YYYY-MM-DD` names a day that exists (rejects 2026-02-30). */
export function isRealDate(date: LocalDate): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return false
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const probe = new Date(Date.UTC(y, m - 1, d))
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
}

/** LocalDate → `YYYYMMDD`. */
export function toCompactDate(date: LocalDate): string {
  return date.replaceAll('-', '')
}

/** The day `days` calendar days after `date` (negative goes back). */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  const probe = new Date(`${date}T00:00:00Z`)
  probe.setUTCDate(probe.getUTCDate() + days)
  return probe.toISOString().slice(0, 10)
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

/**
 * Passwords issued at completion of a password initialization (SPEC §7), and the window during which
 * the applying office may view them.
 */
import {randomInt as cryptoRandomInt} from 'node:crypto'
import {BusinessCalendar} from './business-calendar'
import {endOfTokyoDay, LocalDate, tokyoDateOf} from './japan-time'

/** A uniform integer in [0, max), as node:crypto's randomInt gives. */
export type RandomInt = (max: number) => number

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const ISSUED_LENGTH = 8
/** About 7.4% of uniform draws lack a digit; a thousand misses in a row means a broken source. */
const MAX_DRAWS = 1000
/** SPEC §7: visible to the end of the 3rd business day, the completion day being day 1. */
const VISIBLE_BUSINESS_DAYS = 3

/** The NACCS rule (SPEC §1): 6–8 of A–Z and 0–9, at least one letter and one digit. */
const NACCS_PASSWORD_PATTERN = /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{6,8}$/

/**
 * A new 8-character NACCS password. Each character is drawn uniformly from A–Z0–9; a draw lacking a
 * letter or a digit is thrown away whole (not patched), so every valid password is equally likely.
 */
export function generateNaccsPassword(randomInt: RandomInt = (max) => cryptoRandomInt(max)): string {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    let candidate = ''
    for (let i = 0; i < ISSUED_LENGTH; i++) candidate += ALPHABET[randomInt(ALPHABET.length)]
    if (isNaccsPassword(candidate)) return candidate
  }
  throw new Error(`no valid password after ${MAX_DRAWS} draws: the random source is broken`)
}

/** Whether `text` meets the NACCS password format (6–8 of A–Z0–9, ≥ 1 letter, ≥ 1 digit). */
export function isNaccsPassword(text: string): boolean {
  return NACCS_PASSWORD_PATTERN.test(text)
}

/**
 * The last day (Japan time) on which issued passwords can be viewed: the 3rd business day counting the
 * completion day as day 1, or the next business day as day 1 when completion fell on a closed day.
 */
export function passwordVisibleUntil(completedAt: Date, calendar: BusinessCalendar): LocalDate {
  const firstDay = calendar.sameOrNextBusinessDay(tokyoDateOf(completedAt))
  return calendar.addBusinessDays(firstDay, VISIBLE_BUSINESS_DAYS - 1)
}

/** Whether `now` is still within the viewing window (up to 23:59:59 JST of the last day, SPEC §7). */
export function isPasswordWindowOpen(completedAt: Date, now: Date, calendar: BusinessCalendar): boolean {
  return now.getTime() <= endOfTokyoDay(passwordVisibleUntil(completedAt, calendar)).getTime()
}

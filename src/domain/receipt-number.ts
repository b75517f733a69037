/**
 * Receipt numbers (申込受付番号, SPEC §5): `YYNNNNNK`, e.g. `2101910C`. `YY` is the submission year in
 * Japan time, `NNNNN` a per-year sequence from 00001 shared by every kind, `K` the kind letter.
 * Allocation (the counter) lives in the store; this file only knows the shape.
 */
import {text} from './messages/text'
import {ConflictError, InvalidInputError} from './errors'
import {tokyoYearOf} from './japan-time'

/** `C` = system settings (システム設定申込); `A` is reserved for usage applications (利用申込). */
export type ReceiptKind = 'C' | 'A'

/** Two-digit year, five-digit sequence (never 00000: the counter starts at 00001), kind letter. */
export const RECEIPT_NO_PATTERN = /^\d{2}(?!00000)\d{5}[CA]$/

/** The last sequence a year can hold; the next allocation is a clear error, not a wrap-around. */
export const MAX_RECEIPT_SEQUENCE = 99999

/** The parts of a receipt number. */
export interface ReceiptNoParts {
  year2: number
  sequence: number
  kind: ReceiptKind
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** The `YY` of a submission at `instant`: the Tokyo year, so 2025-12-31T16:00Z (01:00 JST) gives 26. */
export function receiptYearOf(instant: Date): number {
  return tokyoYearOf(instant) % 100
}

/**
 * `YYNNNNNK` from its parts. A sequence past 99999 means the year's numbers are used up: a
 * ConflictError the user sees (SPEC §5). Out-of-range years or sequences below 1 are bugs.
 */
export function formatReceiptNo(year2: number, sequence: number, kind: ReceiptKind = 'C'): string {
  if (!Number.isInteger(year2) || year2 < 0 || year2 > 99) {
    throw new Error(`receipt year must be an integer 0–99, got ${year2}`)
  }
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new Error(`receipt sequence must be an integer ≥ 1, got ${sequence}`)
  }
  if (sequence > MAX_RECEIPT_SEQUENCE) {
    throw new ConflictError(text('app.receiptNumbersExhausted', {year: `20${pad(year2, 2)}`, max: MAX_RECEIPT_SEQUENCE}))
  }
  return `${pad(year2, 2)}${pad(sequence, 5)}${kind}`
}

/** The parts of a well-formed receipt number, or null. Expects already normalised text. */
export function parseReceiptNo(text: string): ReceiptNoParts | null {
  if (!RECEIPT_NO_PATTERN.test(text)) return null
  return {
    year2: Number(text.slice(0, 2)),
    sequence: Number(text.slice(2, 7)),
    kind: text.slice(7) as ReceiptKind,
  }
}

/** Whether `text` is exactly a well-formed receipt number. */
export function isReceiptNo(text: string): boolean {
  return RECEIPT_NO_PATTERN.test(text)
}

/**
 * A receipt number as people type it (CLI arguments, mail subjects and bodies): NFKC folds full-width
 * digits and letters (`２１０１９１０Ｃ`), then trim and upper-case. Returns null when it is still not one.
 */
export function normalizeReceiptNo(text: string): string | null {
  const normalized = text.normalize('NFKC').trim().toUpperCase()
  return isReceiptNo(normalized) ? normalized : null
}

/** A receipt number given by a person (a CLI argument): normalised, or invalid input (exit 2) that says what was expected. */
export function parseReceiptArgument(given: string): string {
  const receiptNo = normalizeReceiptNo(given)
  if (!receiptNo) {
    throw new InvalidInputError(text('app.notReceiptNo', {given}), [{path: 'receiptNo', message: text('app.receiptNoForm')}])
  }
  return receiptNo
}

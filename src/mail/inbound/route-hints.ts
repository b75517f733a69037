/**
 * What an inbound mail says about the application it belongs to (SPEC §11 step 3): the receipt
 * numbers written in its subject or body. Reading only; the signed reply address is read, and its
 * token verified, in src/mail/reply-address.ts.
 */
import {normalizeReceiptNo} from '../../domain/receipt-number'

// After NFKC, full-width digits, letters, colons and ［］ are ASCII; 【】 and 〔〕 stay as they are.
const RECEIPT_PATTERNS: RegExp[] = [
  // 【2101910C】 as the desk writes it in every subject (SPEC §10), and [2101910C], 〔2101910C〕
  /[【[〔〖]\s*(\d{7}[CAca])\s*[】\]〕〗]/g,
  // 受付番号: 2101910C, 申込受付番号 2101910C, 受付No. 2101910C
  /受付(?:番号|No\.?|NO\.?)\s*[:：]?\s*(\d{7}[CAca])(?![0-9A-Za-z])/g,
  // Receipt No. 2101910C, receipt number: 2101910C
  /receipt\s*(?:no\.?|number|#)\s*[:：]?\s*(\d{7}[CAca])(?![0-9A-Za-z])/gi,
]

/**
 * Every receipt number written in `text` in one of the forms people and the desk use — `【2101910C】`,
 * `[2101910C]`, `受付番号: 2101910C`, `Receipt No. 2101910C`, in full-width characters too —
 * normalised (`2101910C`) and well-formed (SPEC §5), once each, in order of appearance.
 * A bare eight-character word is not taken: it could be anything.
 */
export function findReceiptNumbers(text: string): string[] {
  const normalized = text.normalize('NFKC')
  const found: Array<{index: number; receiptNo: string}> = []
  for (const pattern of RECEIPT_PATTERNS) {
    for (const match of normalized.matchAll(pattern)) {
      const receiptNo = normalizeReceiptNo(match[1])
      if (receiptNo) found.push({index: match.index ?? 0, receiptNo})
    }
  }
  found.sort((a, b) => a.index - b.index)
  return [...new Set(found.map((entry) => entry.receiptNo))]
}

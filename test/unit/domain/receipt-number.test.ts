import {expect} from 'chai'
import {ConflictError} from '../../../src/domain/errors'
import {
  formatReceiptNo,
  isReceiptNo,
  MAX_RECEIPT_SEQUENCE,
  normalizeReceiptNo,
  parseReceiptNo,
  receiptYearOf,
} from '../../../src/domain/receipt-number'

describe('receipt-number', () => {
  describe('receiptYearOf', () => {
    it('uses the Tokyo year: 2025-12-31T16:00Z is 01:00 JST on 2026-01-01, so 26', () => {
      expect(receiptYearOf(new Date('2025-12-31T16:00:00Z'))).to.equal(26)
      expect(receiptYearOf(new Date('2025-12-31T15:00:00Z'))).to.equal(26)
    })

    it('keeps 25 for 2025-12-31T14:59Z, still 23:59 JST on New Year’s Eve', () => {
      expect(receiptYearOf(new Date('2025-12-31T14:59:00Z'))).to.equal(25)
    })

    it('keeps two digits only, with a leading zero for years 2000–2009 left to formatting', () => {
      expect(receiptYearOf(new Date('2105-06-01T00:00:00Z'))).to.equal(5)
    })
  })

  describe('formatReceiptNo', () => {
    it('formats the seed example 2101910C', () => {
      expect(formatReceiptNo(21, 1910)).to.equal('2101910C')
    })

    it('zero-pads the year and the sequence, and writes the kind letter', () => {
      expect(formatReceiptNo(26, 1)).to.equal('2600001C')
      expect(formatReceiptNo(5, 42, 'A')).to.equal('0500042A')
      expect(formatReceiptNo(26, MAX_RECEIPT_SEQUENCE)).to.equal('2699999C')
    })

    it('refuses sequence 100000 with a ConflictError naming the exhausted year', () => {
      let thrown: unknown
      try {
        formatReceiptNo(26, 100000)
      } catch (error) {
        thrown = error
      }
      expect(thrown).to.be.instanceOf(ConflictError)
      expect((thrown as ConflictError).message).to.equal('receipt numbers for 2026 are exhausted (99999)')
      expect((thrown as ConflictError).exitCode).to.equal(5)
    })

    it('treats a sequence below 1 or a bad year as a programming error, not a conflict', () => {
      for (const call of [() => formatReceiptNo(26, 0), () => formatReceiptNo(26, 1.5), () => formatReceiptNo(100, 1)]) {
        expect(call).to.throw(Error).that.is.not.instanceOf(ConflictError)
      }
    })
  })

  describe('parseReceiptNo / isReceiptNo', () => {
    it('parses the parts of a well-formed number', () => {
      expect(parseReceiptNo('2101910C')).to.deep.equal({year2: 21, sequence: 1910, kind: 'C'})
      expect(parseReceiptNo('0599999A')).to.deep.equal({year2: 5, sequence: 99999, kind: 'A'})
    })

    it('round-trips with formatReceiptNo', () => {
      const parts = parseReceiptNo(formatReceiptNo(26, 307, 'C'))
      expect(parts).to.deep.equal({year2: 26, sequence: 307, kind: 'C'})
    })

    it('rejects wrong lengths, unknown kinds, sequence 00000, lower case and surrounding space', () => {
      for (const text of ['210191C', '21019100C', '2101910X', '2100000C', '2101910c', ' 2101910C', '2101910C\n', '']) {
        expect(parseReceiptNo(text), JSON.stringify(text)).to.equal(null)
        expect(isReceiptNo(text), JSON.stringify(text)).to.equal(false)
      }
      expect(isReceiptNo('2101910C')).to.equal(true)
    })
  })

  describe('normalizeReceiptNo', () => {
    it('folds full-width digits and letters', () => {
      expect(normalizeReceiptNo('２１０１９１０Ｃ')).to.equal('2101910C')
    })

    it('trims and upper-cases', () => {
      expect(normalizeReceiptNo('  2101910c\n')).to.equal('2101910C')
    })

    it('returns null for what is still not a receipt number', () => {
      expect(normalizeReceiptNo('2101910')).to.equal(null)
      expect(normalizeReceiptNo('21 01910C')).to.equal(null)
      expect(normalizeReceiptNo('receipt')).to.equal(null)
    })
  })
})

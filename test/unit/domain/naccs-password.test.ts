import {expect} from 'chai'
import {BusinessCalendar} from '../../../src/domain/business-calendar'
import {
  generateNaccsPassword,
  isNaccsPassword,
  isPasswordWindowOpen,
  passwordVisibleUntil,
} from '../../../src/domain/naccs-password'

const ISSUED = /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8}$/
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A randomInt that replays `values` and records the bound of each call. */
function scripted(values: number[]) {
  const bounds: number[] = []
  let next = 0
  const randomInt = (max: number): number => {
    bounds.push(max)
    if (next >= values.length) throw new Error('scripted random source exhausted')
    return values[next++]
  }
  return {randomInt, bounds}
}

describe('naccs-password', () => {
  describe('generateNaccsPassword', () => {
    const samples = Array.from({length: 10_000}, () => generateNaccsPassword())

    it('10,000 passwords are all 8 of A–Z0–9 with a letter and a digit', () => {
      const bad = samples.filter((password) => !ISSUED.test(password))
      expect(bad).to.deep.equal([])
    })

    it('uses every character of A–Z0–9', () => {
      const seen = new Set(samples.join(''))
      expect([...ALPHABET].filter((c) => !seen.has(c))).to.deep.equal([])
    })

    it('biases no position: each holds a digit about 30% of the time, as whole redraws predict', () => {
      // P(digit at i | ≥1 letter and ≥1 digit) = (10/36)(1 − (10/36)^7) / (1 − (26/36)^8 − (10/36)^8)
      const pLetter = 26 / 36
      const pDigit = 10 / 36
      const expected = (pDigit * (1 - pDigit ** 7)) / (1 - pLetter ** 8 - pDigit ** 8)
      for (let position = 0; position < 8; position++) {
        const digits = samples.filter((password) => /\d/.test(password[position])).length
        expect(digits / samples.length, `position ${position}`).to.be.closeTo(expected, 0.02)
      }
    })

    it('redraws the whole password when the first draw has only letters', () => {
      const allLetters = [0, 1, 2, 3, 4, 5, 6, 7] // ABCDEFGH
      const mixed = [0, 26, 1, 27, 2, 28, 3, 29] // A0B1C2D3
      const source = scripted([...allLetters, ...mixed])
      expect(generateNaccsPassword(source.randomInt)).to.equal('A0B1C2D3')
      expect(source.bounds).to.deep.equal(Array(16).fill(36))
    })

    it('redraws the whole password when the first draw has only digits', () => {
      const source = scripted([...Array(8).fill(26), 25, 35, 25, 35, 25, 35, 25, 35])
      expect(generateNaccsPassword(source.randomInt)).to.equal('Z9Z9Z9Z9')
      expect(source.bounds).to.have.length(16)
    })

    it('gives up with an error on a random source that never yields a valid password', () => {
      expect(() => generateNaccsPassword(() => 0)).to.throw(/random source is broken/)
    })
  })

  describe('isNaccsPassword', () => {
    it('accepts 6–8 of A–Z0–9 with a letter and a digit', () => {
      for (const text of ['ABC123', 'A1B2C3D', 'Z9Z9Z9Z9']) expect(isNaccsPassword(text), text).to.equal(true)
    })

    it('rejects missing letter or digit, wrong length, lower case, full width and symbols', () => {
      for (const text of ['ABCDEFGH', '12345678', 'AB12', 'ABCDE', 'ABCDEF123', 'abc12345', 'ＡＢＣ１２３', 'ABC-123', '']) {
        expect(isNaccsPassword(text), text).to.equal(false)
      }
    })
  })

  describe('passwordVisibleUntil', () => {
    const calendar = new BusinessCalendar()

    it('Thu 2026-11-19 → Tue 2026-11-24: day 1 Thu, day 2 Fri, weekend and Mon 11/23 (勤労感謝の日) skipped, day 3 Tue', () => {
      expect(passwordVisibleUntil(new Date('2026-11-19T10:00:00+09:00'), calendar)).to.equal('2026-11-24')
    })

    it('Sat 2026-10-03 → Wed 2026-10-07: the next business day, Mon 10/05, is day 1', () => {
      expect(passwordVisibleUntil(new Date('2026-10-03T10:00:00+09:00'), calendar)).to.equal('2026-10-07')
    })

    it('Thu 2026-09-17 → Thu 2026-09-24: day 3 falls after the closed days 2026-09-19..23', () => {
      expect(passwordVisibleUntil(new Date('2026-09-17T15:00:00+09:00'), calendar)).to.equal('2026-09-24')
    })

    it('uses the Japan date: 2026-09-18T15:30Z is Sat 00:30 JST, so day 1 is 09-24 and day 3 Mon 09-28', () => {
      expect(passwordVisibleUntil(new Date('2026-09-18T15:30:00Z'), calendar)).to.equal('2026-09-28')
    })

    it('counts extra closed days as closed', () => {
      const withExtra = new BusinessCalendar(['2026-11-20'])
      expect(passwordVisibleUntil(new Date('2026-11-19T10:00:00+09:00'), withExtra)).to.equal('2026-11-25')
    })
  })

  describe('isPasswordWindowOpen', () => {
    const calendar = new BusinessCalendar()
    const completedAt = new Date('2026-11-19T10:00:00+09:00')

    it('is open at completion and at 23:59:59 JST of the last day', () => {
      expect(isPasswordWindowOpen(completedAt, completedAt, calendar)).to.equal(true)
      expect(isPasswordWindowOpen(completedAt, new Date('2026-11-24T23:59:59+09:00'), calendar)).to.equal(true)
    })

    it('is closed from 00:00:00 JST the next day', () => {
      expect(isPasswordWindowOpen(completedAt, new Date('2026-11-25T00:00:00+09:00'), calendar)).to.equal(false)
      expect(isPasswordWindowOpen(completedAt, new Date('2026-12-01T12:00:00+09:00'), calendar)).to.equal(false)
    })
  })
})

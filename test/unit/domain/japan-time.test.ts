import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import * as path from 'node:path'
import {
  addCalendarDays,
  endOfTokyoDay,
  formatTokyoMinute,
  isRealDate,
  parseCompactDate,
  parseDay,
  tokyoDateOf,
  tokyoYearOf,
  toTokyoIso,
  weekdayOf,
} from '../../../src/domain/japan-time'

// Compiled module under dist/, loaded by child processes that run with another TZ.
const compiledModule = path.resolve(__dirname, '../../../src/domain/japan-time.js')

/** What the module computes in a fresh process whose TZ is `tz`, plus that process's own UTC offset. */
function computeUnderTimeZone(tz: string) {
  const script = `
    const t = require(${JSON.stringify(compiledModule)})
    const instants = ['2025-12-31T14:59:59Z', '2025-12-31T15:00:00Z', '2026-03-08T10:30:00Z', '2026-07-01T23:00:00Z']
    const results = instants.map((iso) => {
      const d = new Date(iso)
      return [t.tokyoDateOf(d), t.tokyoYearOf(d), t.toTokyoIso(d), t.formatTokyoMinute(d), t.endOfTokyoDay(t.tokyoDateOf(d)).toISOString()]
    })
    process.stdout.write(JSON.stringify({offset: new Date('2026-07-01T00:00:00Z').getTimezoneOffset(), results}))
  `
  const output = execFileSync(process.execPath, ['-e', script], {env: {...process.env, TZ: tz}, encoding: 'utf8'})
  return JSON.parse(output) as {offset: number; results: unknown[]}
}

describe('japan-time', () => {
  describe('tokyoDateOf / tokyoYearOf', () => {
    it('puts 2025-12-31T14:59:59Z on 2025-12-31 (23:59:59 JST)', () => {
      const instant = new Date('2025-12-31T14:59:59Z')
      expect(tokyoDateOf(instant)).to.equal('2025-12-31')
      expect(tokyoYearOf(instant)).to.equal(2025)
    })

    it('puts 2025-12-31T15:00:00Z on 2026-01-01 (00:00 JST)', () => {
      const instant = new Date('2025-12-31T15:00:00Z')
      expect(tokyoDateOf(instant)).to.equal('2026-01-01')
      expect(tokyoYearOf(instant)).to.equal(2026)
    })

    it('gives identical results whatever the process TZ', function () {
      this.timeout(20_000)
      const losAngeles = computeUnderTimeZone('America/Los_Angeles')
      const tokyo = computeUnderTimeZone('Asia/Tokyo')
      // The TZ really took effect in the child processes, so the comparison below means something.
      expect(losAngeles.offset).to.equal(420)
      expect(tokyo.offset).to.equal(-540)
      expect(losAngeles.results).to.deep.equal(tokyo.results)
      expect(tokyo.results[0]).to.deep.equal([
        '2025-12-31', 2025, '2025-12-31T23:59:59+09:00', '2025/12/31 23:59', '2025-12-31T14:59:59.999Z',
      ])
      expect(tokyo.results[1]).to.deep.equal([
        '2026-01-01', 2026, '2026-01-01T00:00:00+09:00', '2026/01/01 00:00', '2026-01-01T14:59:59.999Z',
      ])
    })
  })

  describe('formatting', () => {
    it('prints ISO 8601 with +09:00 and the seed screen format', () => {
      const instant = new Date('2021-02-02T02:15:00Z')
      expect(toTokyoIso(instant)).to.equal('2021-02-02T11:15:00+09:00')
      expect(formatTokyoMinute(instant)).to.equal('2021/02/02 11:15')
    })

    it('ends a Tokyo day at 23:59:59.999 JST', () => {
      expect(endOfTokyoDay('2026-11-24').toISOString()).to.equal('2026-11-24T14:59:59.999Z')
    })
  })

  describe('parseCompactDate', () => {
    it('accepts a real date and a leap day of a leap year', () => {
      expect(parseCompactDate('20260212')).to.equal('2026-02-12')
      expect(parseCompactDate('20240229')).to.equal('2024-02-29')
    })

    it('rejects impossible days, months, leap days and wrong lengths', () => {
      expect(parseCompactDate('20260230')).to.equal(null)
      expect(parseCompactDate('20261301')).to.equal(null)
      expect(parseCompactDate('20250229')).to.equal(null)
      expect(parseCompactDate('20260001')).to.equal(null)
      expect(parseCompactDate('2026131')).to.equal(null)
      expect(parseCompactDate('2026-01-31')).to.equal(null)
    })

    it('isRealDate agrees on the hyphenated form', () => {
      expect(isRealDate('2024-02-29')).to.equal(true)
      expect(isRealDate('2025-02-29')).to.equal(false)
    })
  })

  describe('parseDay (--since, --registration-date)', () => {
    it('takes YYYYMMDD and YYYY-MM-DD, in full-width digits too, spaces around ignored', () => {
      for (const text of ['20261204', '2026-12-04', '２０２６１２０４', '２０２６－１２－０４', ' 2026-12-04 ']) {
        expect(parseDay(text), text).to.equal('2026-12-04')
      }
    })

    it('refuses days that do not exist and every other form', () => {
      for (const text of ['20261304', '2026-02-30', '2026/12/04', '2026-1-4', '261204', '', '2026-12-04T00:00']) {
        expect(parseDay(text), text).to.equal(null)
      }
    })
  })

  describe('calendar arithmetic', () => {
    it('adds calendar days across month, year and leap-day boundaries', () => {
      expect(addCalendarDays('2025-12-31', 1)).to.equal('2026-01-01')
      expect(addCalendarDays('2024-02-28', 1)).to.equal('2024-02-29')
      expect(addCalendarDays('2026-03-01', -1)).to.equal('2026-02-28')
    })

    it('names weekdays with 0 = Sunday', () => {
      expect(weekdayOf('2026-09-20')).to.equal(0)
      expect(weekdayOf('2026-09-18')).to.equal(5)
      expect(weekdayOf('2026-09-19')).to.equal(6)
    })
  })
})

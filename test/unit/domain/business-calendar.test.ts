import {expect} from 'chai'
import {BusinessCalendar} from '../../../src/domain/business-calendar'

describe('BusinessCalendar', () => {
  const calendar = new BusinessCalendar()

  describe('isBusinessDay', () => {
    it('is open on an ordinary weekday', () => {
      expect(calendar.isBusinessDay('2026-09-18')).to.equal(true) // Friday
      expect(calendar.isBusinessDay('2026-09-24')).to.equal(true) // Thursday
    })

    it('is closed on Saturdays and Sundays', () => {
      expect(calendar.isBusinessDay('2026-09-19')).to.equal(false)
      expect(calendar.isBusinessDay('2026-09-20')).to.equal(false)
    })

    it('is closed on national holidays 2026-09-21 (敬老の日) and 2026-09-23 (秋分の日)', () => {
      expect(calendar.isBusinessDay('2026-09-21')).to.equal(false)
      expect(calendar.isBusinessDay('2026-09-23')).to.equal(false)
    })

    it('is closed on 2026-09-22, a 国民の休日 sandwiched between two holidays', () => {
      expect(calendar.isBusinessDay('2026-09-22')).to.equal(false)
    })

    it('is closed 12/29–1/3, weekdays included, and reopens on Monday 2026-01-05', () => {
      for (const day of ['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']) {
        expect(calendar.isBusinessDay(day), day).to.equal(false)
      }
      expect(calendar.isBusinessDay('2026-01-05')).to.equal(true)
      expect(calendar.isBusinessDay('2025-12-26')).to.equal(true) // the last Friday before the closure
    })

    it('honours configured extra closed days', () => {
      const withExtra = new BusinessCalendar(['2026-09-24'])
      expect(withExtra.isBusinessDay('2026-09-24')).to.equal(false)
      expect(withExtra.isBusinessDay('2026-09-25')).to.equal(true)
      expect(calendar.isBusinessDay('2026-09-24')).to.equal(true)
    })
  })

  describe('nextBusinessDay / sameOrNextBusinessDay', () => {
    it('skips the whole 2026-09-19..23 closure', () => {
      expect(calendar.nextBusinessDay('2026-09-18')).to.equal('2026-09-24')
      expect(calendar.nextBusinessDay('2026-09-19')).to.equal('2026-09-24')
    })

    it('keeps a business day and moves a closed one forward', () => {
      expect(calendar.sameOrNextBusinessDay('2026-09-18')).to.equal('2026-09-18')
      expect(calendar.sameOrNextBusinessDay('2025-12-29')).to.equal('2026-01-05')
    })
  })

  describe('addBusinessDays', () => {
    it('from Friday 2026-09-18, +1 lands on 2026-09-24 across the five closed days', () => {
      expect(calendar.addBusinessDays('2026-09-18', 1)).to.equal('2026-09-24')
      expect(calendar.addBusinessDays('2026-09-18', 2)).to.equal('2026-09-25')
    })

    it('with count 0 returns the day itself', () => {
      expect(calendar.addBusinessDays('2026-09-19', 0)).to.equal('2026-09-19')
    })

    it('counts extra closed days as closed', () => {
      expect(new BusinessCalendar(['2026-09-24']).addBusinessDays('2026-09-18', 1)).to.equal('2026-09-25')
    })
  })

  describe('businessDaysAfter', () => {
    it('counts business days after `from` up to and including `to`', () => {
      expect(calendar.businessDaysAfter('2026-09-18', '2026-09-24')).to.equal(1)
      expect(calendar.businessDaysAfter('2026-09-18', '2026-09-25')).to.equal(2)
      expect(calendar.businessDaysAfter('2025-12-26', '2026-01-05')).to.equal(1)
    })

    it('is 0 when `to` is not after `from`', () => {
      expect(calendar.businessDaysAfter('2026-09-24', '2026-09-24')).to.equal(0)
      expect(calendar.businessDaysAfter('2026-09-25', '2026-09-24')).to.equal(0)
    })
  })
})

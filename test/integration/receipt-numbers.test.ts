/**
 * Receipt numbers through the CLI (SPEC §5, §6): the year is the submission year in Japan time whatever
 * the process's time zone, the sequence restarts at 00001 each year, and concurrent processes get
 * distinct, consecutive numbers without a store error.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, nssAsync, seededDesk} from '../support/cli'

const APPLICATION = path.join(EXAMPLES, 'application.json')

/** 2025-12-31 23:59 in Japan: still 2025 there. */
const LAST_MINUTE_OF_2025_IN_JAPAN = '2025-12-31T14:59:00Z'
/** 2026-01-01 01:00 in Japan, while it is still 2025-12-31 in UTC and in Los Angeles. */
const FIRST_HOURS_OF_2026_IN_JAPAN = '2025-12-31T16:00:00Z'

function receiptNoOf(result: CliResult): string {
  expect(result.code, `apply failed: ${result.stderr}${result.stdout}`).to.equal(0)
  expect(result.json?.receiptNo, result.stdout).to.match(/^\d{7}C$/)
  return result.json.receiptNo
}

describe('receipt numbers', () => {
  for (const timeZone of ['America/Los_Angeles', 'Asia/Tokyo']) {
    describe(`with the process time zone ${timeZone}`, () => {
      let desk: ReturnType<typeof seededDesk>
      let applyAt: (at: string) => CliResult

      before(() => {
        desk = seededDesk()
        applyAt = at => nss(['apply', '--file', APPLICATION, '--json'], {env: {...desk.office, TZ: timeZone}, at})
      })

      it('takes the year from Japan time: 2025-12-31T14:59Z is numbered 25, 2025-12-31T16:00Z is numbered 26', () => {
        const in2025 = receiptNoOf(applyAt(LAST_MINUTE_OF_2025_IN_JAPAN))
        const in2026 = receiptNoOf(applyAt(FIRST_HOURS_OF_2026_IN_JAPAN))
        expect(in2025.slice(0, 2)).to.equal('25')
        expect(in2026.slice(0, 2)).to.equal('26')

        // The faked instant reached the process exactly: the view shows it in Japan time.
        const view = nss(['status', in2026, '--json'], {env: {...desk.office, TZ: timeZone}})
        expect(view.code, view.stderr).to.equal(0)
        expect(view.json.submittedAt).to.match(/^2026-01-01T01:00:\d\d\+09:00$/)
      })

      it('restarts the sequence at 00001 in each year and counts on within a year', () => {
        // The previous test used 2500001C and 2600001C on this desk.
        expect(receiptNoOf(applyAt('2025-12-31T14:59:30Z'))).to.equal('2500002C')
        expect(receiptNoOf(applyAt('2026-01-05T01:00:00Z'))).to.equal('2600002C')
        expect(receiptNoOf(applyAt('2027-01-04T01:00:00Z'))).to.equal('2700001C')
      })
    })
  }

  describe('eight processes applying at once', () => {
    let desk: ReturnType<typeof seededDesk>
    let results: CliResult[]

    before(async function () {
      this.timeout(120_000)
      desk = seededDesk()
      results = await Promise.all(
        Array.from({length: 8}, () => nssAsync(['apply', '--file', APPLICATION, '--json'], {env: desk.office})),
      )
    })

    it('all exit 0 without SQLITE_BUSY (or any other store error) on stderr', () => {
      for (const result of results) {
        expect(result.code, `${result.stderr}${result.stdout}`).to.equal(0)
        expect(result.stderr).to.not.match(/SQLITE_BUSY|SQLITE_LOCKED|database is locked/i)
      }
    })

    it('get eight distinct receipt numbers whose sequences are 00001 to 00008 of one year', () => {
      const numbers = results.map(receiptNoOf)
      expect(new Set(numbers).size).to.equal(8)
      expect(new Set(numbers.map(n => n.slice(0, 2))).size).to.equal(1)
      const sequences = numbers.map(n => Number(n.slice(2, 7))).sort((a, b) => a - b)
      expect(sequences).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8])
    })

    it('stores all eight applications', () => {
      const list = nss(['status', '--json'], {env: desk.office})
      expect(list.code, list.stderr).to.equal(0)
      expect(list.json.applications.map((a: any) => a.receiptNo).sort())
        .to.deep.equal(results.map(r => r.json.receiptNo).sort())
    })
  })
})

/**
 * `nss status` lists are capped (--limit, default 100) and say how many match in all (`total`): an
 * office may have tens of thousands of applications (docs/performance.md). The JSON keeps its shape
 * (SPEC §9: extend, don't rename): `news` and `applications` as before, `total` added.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk} from '../support/cli'

const APPLICATION = path.join(EXAMPLES, 'application.json')

function ok(result: CliResult): any {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}${result.stdout}`)
  return result.json ?? result.stdout
}

describe('nss status lists: --limit and total', () => {
  let desk: ReturnType<typeof seededDesk>
  let receipts: string[]

  before(() => {
    desk = seededDesk()
    receipts = [1, 2, 3].map(() => ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office})).receiptNo)
  })

  it('shows every application and their total when they fit the default limit', () => {
    const list = ok(nss(['status', '--json'], {env: desk.office}))
    expect(Object.keys(list)).to.include.members(['news', 'applications', 'total'])
    expect(list.applications.map((a: {receiptNo: string}) => a.receiptNo)).to.deep.equal([...receipts].reverse())
    expect(list.total).to.equal(3)
  })

  it('keeps the newest --limit applications and still counts them all', () => {
    const list = ok(nss(['status', '--limit', '2', '--json'], {env: desk.office}))
    expect(list.applications.map((a: {receiptNo: string}) => a.receiptNo)).to.deep.equal([receipts[2], receipts[1]])
    expect(list.total).to.equal(3)
    const queue = ok(nss(['status', '--limit', '1', '--json'], {env: desk.reviewer}))
    expect(queue.applications).to.have.length(1)
    expect(queue.total).to.equal(3)
  })

  it('shows all of them with --limit 0', () => {
    expect(ok(nss(['status', '--limit', '0', '--json'], {env: desk.office})).applications).to.have.length(3)
  })

  it('says under the table how many of how many are shown when the list is cut', () => {
    const screen = ok(nss(['status', '--limit', '2'], {env: desk.office}))
    expect(screen).to.contain('全3件のうち新しい2件を表示しています')
    expect(ok(nss(['status'], {env: desk.office}))).not.to.contain('全3件')
  })

  it('refuses a negative limit as invalid input (exit 2)', () => {
    const result = nss(['status', '--limit', '-1', '--json'], {env: desk.office})
    expect(result.code).to.equal(2)
    expect(result.json.error.code).to.be.a('string')
  })
})

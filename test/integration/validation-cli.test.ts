/**
 * `nss apply` input validation through the CLI (SPEC §3, §9): every problem at once with its path,
 * exit 2, and nothing stored — not even a receipt number spent. Unreadable input: exit 2 naming where
 * the JSON breaks; a missing file: exit 3. Dates are checked against the business calendar (SPEC §6).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, openStoreReadOnly, seededDesk, writeJsonFile} from '../support/cli'

/** Tuesday 2026-09-01 10:00 in Japan: the submission instant of every apply here. */
const SUBMITTED_AT = '2026-09-01T10:00:00+09:00'

const EXAMPLE = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))

/** The example application with some fields replaced. */
function applicationWith(changes: Record<string, unknown>, contact: Record<string, unknown> = {}) {
  return {...EXAMPLE, ...changes, contact: {...EXAMPLE.contact, ...contact}}
}

function issuePaths(result: CliResult): string[] {
  expect(result.json?.error?.issues, result.stdout).to.be.an('array')
  return result.json.error.issues.map((i: {path: string}) => i.path)
}

function countRows(home: string, table: string): number {
  const db = openStoreReadOnly(home)
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n
  } finally {
    db.close()
  }
}

describe('apply input validation through the CLI', () => {
  let desk: ReturnType<typeof seededDesk>
  let apply: (file: string) => CliResult
  let listBefore: CliResult
  let rejected: CliResult
  let listAfter: CliResult

  before(() => {
    desk = seededDesk()
    apply = file => nss(['apply', '--file', file, '--json'], {env: desk.office, at: SUBMITTED_AT})
    const manyProblems = applicationWith({
      timing: 'date',
      desiredDate: '20260230',
      remarks: 'あ'.repeat(241),
      entries: [...EXAMPLE.entries, {userCode: '2ANAC', registration: {officeNameEn: 'OSAKA OFFICE 2'}}],
    }, {
      phone: '０３０１２３４５６７',
      email: 'taro@@example',
    })
    listBefore = nss(['status', '--json'], {env: desk.office, at: SUBMITTED_AT})
    rejected = apply(writeJsonFile(desk.home, 'many-problems.json', manyProblems))
    listAfter = nss(['status', '--json'], {env: desk.office, at: SUBMITTED_AT})
  })

  it('reports every problem of a file at once, one issue each with its path, with exit 2 and code invalid_input', () => {
    expect(rejected.code, rejected.stderr + rejected.stdout).to.equal(2)
    expect(rejected.json.error.code).to.equal('invalid_input')
    expect(rejected.json.error.message).to.be.a('string').and.not.equal('')
    const paths = issuePaths(rejected)
    expect([...paths].sort()).to.deep.equal(['contact.email', 'desiredDate', 'entries[2].userCode', 'remarks'])
    for (const issue of rejected.json.error.issues) expect(issue.message, issue.path).to.be.a('string').and.not.equal('')
  })

  it('accepts full-width phone digits (NFKC) and so reports no issue for them', () => {
    expect(issuePaths(rejected)).to.not.include('contact.phone')
  })

  it('stores nothing for a rejected file: the office list is unchanged and the next valid apply gets sequence 00001', () => {
    expect(listBefore.code, listBefore.stderr).to.equal(0)
    expect(listAfter.stdout).to.equal(listBefore.stdout)
    expect(countRows(desk.home, 'applications')).to.equal(0)
    expect(countRows(desk.home, 'outbox')).to.equal(0)

    const valid = apply(writeJsonFile(desk.home, 'valid.json', applicationWith({}, {phone: '０３－０１２３－４５６７'})))
    expect(valid.code, valid.stderr + valid.stdout).to.equal(0)
    expect(valid.json.receiptNo).to.equal('2600001C')
    const view = nss(['status', valid.json.receiptNo, '--json'], {env: desk.office})
    expect(view.json.contact.phone).to.equal('0301234567')
  })

  for (const [what, text, line] of [
    ['a value missing before a comma', '{\n  "timing": "earliest",\n  "remarks": ,\n  "entries": []\n}\n', 3],
    ['a missing comma between members', '{\n  "timing": "earliest"\n  "remarks": ""\n}\n', 3],
  ] as const) {
    it(`rejects a file that is not JSON (${what}) with exit 2, naming the line and column`, () => {
      const file = writeJsonFile(desk.home, 'broken.json', text)
      const result = apply(file)
      expect(result.code, result.stderr + result.stdout).to.equal(2)
      expect(result.json?.error?.code).to.equal('invalid_input')
      const named = `${result.json.error.message}\n${issuePaths(result).join('\n')}`
      expect(named, 'names the file, line and column').to.match(new RegExp(`broken\\.json:${line}:\\d+`))
    })
  }

  it('answers a missing file with exit 3', () => {
    const result = apply(path.join(desk.home, 'no-such-file.json'))
    expect(result.code, result.stderr + result.stdout).to.equal(3)
    expect(result.json?.error?.code).to.equal('not_found')
  })

  it('rejects a desired date that is a holiday (2026-09-22, 国民の休日) with exit 2 on desiredDate', () => {
    const result = apply(writeJsonFile(desk.home, 'holiday.json', applicationWith({timing: 'date', desiredDate: '20260922'})))
    expect(result.code, result.stderr + result.stdout).to.equal(2)
    expect(issuePaths(result)).to.deep.equal(['desiredDate'])
  })

  it('rejects a desired date 3 business days after a Tuesday 2026-09-01 submission (lead 4) and accepts the 4th', () => {
    const short = apply(writeJsonFile(desk.home, 'short-lead.json', applicationWith({timing: 'date', desiredDate: '20260904'})))
    expect(short.code, short.stderr + short.stdout).to.equal(2)
    expect(issuePaths(short)).to.deep.equal(['desiredDate'])

    const enough = apply(writeJsonFile(desk.home, 'lead.json', applicationWith({timing: 'date', desiredDate: '20260907'})))
    expect(enough.code, enough.stderr + enough.stdout).to.equal(0)
  })

  it('counts remarks in code points: 240 emoji pass, 241 are refused on remarks', () => {
    const ok = apply(writeJsonFile(desk.home, 'emoji-240.json', applicationWith({remarks: '😀'.repeat(240)})))
    expect(ok.code, ok.stderr + ok.stdout).to.equal(0)
    const tooLong = apply(writeJsonFile(desk.home, 'emoji-241.json', applicationWith({remarks: '😀'.repeat(241)})))
    expect(tooLong.code, tooLong.stderr + tooLong.stdout).to.equal(2)
    expect(issuePaths(tooLong)).to.deep.equal(['remarks'])
  })
})

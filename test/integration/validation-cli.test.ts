/**
 * `nss apply` input validation through the CLI (SPEC §3, §9): every problem at once with its path,
 * exit 2, and nothing stored — not even a receipt number spent. Unreadable input: exit 2 naming where
 * the JSON breaks; a missing file: exit 3. Dates are checked against the business calendar (SPEC §6).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {spawn} from 'node:child_process'
import {BIN, CliResult, EXAMPLES, nss, openStoreReadOnly, ROOT, seededDesk, writeJsonFile} from '../support/cli'
import {withStoreEnv} from '../support/store'

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

/** Escape sequences, C1 controls, text-direction overrides and isolates, OSC: what no free text may hold. */
const HOSTILE_TEXTS: [string, string][] = [
  ['a CSI colour', 'bad\x1b[31mred'],
  ['an OSC title (ESC ] … BEL)', 'x\x1b]0;owned\x07y'],
  ['an OSC 8 hyperlink', '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\'],
  ['U+202E (right-to-left override)', 'invoice\u202Efdp.exe'],
  ['U+2066 (left-to-right isolate)', 'a\u2066b'],
  ['a C1 CSI (U+009B)', 'a\u009b31mb'],
  ['NUL', 'a\u0000b'],
]

describe('every free text goes through the one control-character check (issue 11 point 10)', () => {
  let desk: ReturnType<typeof seededDesk>
  let receiptNo: string
  const reviewerState = () => {
    const result = nss(['status', receiptNo, '--json'], {env: desk.reviewer})
    expect(result.code, result.stderr + result.stdout).to.equal(0)
    return result.stdout
  }

  before(function () {
    this.timeout(120_000)
    desk = seededDesk()
    const applied = nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office})
    expect(applied.code, applied.stderr + applied.stdout).to.equal(0)
    receiptNo = applied.json.receiptNo
  })

  // A NUL cannot travel in an argument (execve ends the string there); the other texts can.
  for (const [what, text] of HOSTILE_TEXTS.filter(([, t]) => !t.includes('\u0000'))) {
    for (const flag of ['--query', '--complete']) {
      it(`refuses review ${flag} with ${what} with exit 2 naming the notice, storing and mailing nothing`, () => {
        const before = reviewerState()
        const mails = countRows(desk.home, 'outbox')
        const result = nss(['review', receiptNo, flag, text, '--json'], {env: desk.reviewer})
        expect(result.code, result.stderr + result.stdout).to.equal(2)
        expect(result.json.error.code).to.equal('invalid_input')
        expect(result.json.error.issues.map((i: {path: string}) => i.path)).to.deep.equal(['notice'])
        expect(result.stdout).to.not.match(/[\u001b\u009b\u202e\u2066]/)
        expect(reviewerState()).to.equal(before)
        expect(countRows(desk.home, 'outbox')).to.equal(mails)
      })
    }
  }

  for (const [what, text] of HOSTILE_TEXTS) {
    it(`refuses ${what} in remarks and in the reset reason on apply with exit 2 naming both fields`, () => {
      const entries = [{...EXAMPLE.entries[0], passwordReset: {...EXAMPLE.entries[0].passwordReset, reason: text}}, ...EXAMPLE.entries.slice(1)]
      const result = nss(['apply', '--file', writeJsonFile(desk.home, 'hostile.json', applicationWith({remarks: text, entries})), '--json'], {env: desk.office})
      expect(result.code, result.stderr + result.stdout).to.equal(2)
      expect(issuePaths(result)).to.deep.equal(['remarks', 'entries[0].passwordReset.reason'])
    })
  }

  it('never prints a control character it refuses, even in the name of an unknown field', () => {
    const file = writeJsonFile(desk.home, 'key.json', JSON.stringify({...EXAMPLE, 'x\u001b]0;owned\u0007\u202e': 1}))
    for (const args of [['--json'], []]) {
      const result = nss(['apply', '--file', file, ...args], {env: desk.office})
      expect(result.code, result.stderr + result.stdout).to.equal(2)
      expect(result.stdout + result.stderr).to.not.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    }
  })

  for (const [what, text] of HOSTILE_TEXTS.slice(0, 4)) {
    it(`refuses an office import whose office name holds ${what} with exit 2 naming the field, importing nothing`, () => {
      const offices = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'offices.json'), 'utf8'))
      offices.offices[0].name = text
      const before = nss(['office', 'show', 'NACCS01', '--json'], {env: desk.ops}).stdout
      const result = nss(['office', 'import', writeJsonFile(desk.home, 'offices-bad.json', offices), '--json'], {env: desk.ops})
      expect(result.code, result.stderr + result.stdout).to.equal(2)
      expect(result.json.error.issues.map((i: {path: string}) => i.path).join(' ')).to.match(/offices\[0\]\.name/)
      const issue = result.json.error.issues.find((i: {path: string}) => /offices\[0\]\.name$/.test(i.path))
      expect(issue.message).to.equal('改行、タブなどの制御文字は使えません。')
      expect(nss(['office', 'show', 'NACCS01', '--json'], {env: desk.ops}).stdout).to.equal(before)
    })
  }

  it('refuses a reviewer name with an escape sequence (reviewer add) with exit 2 on name, adding no account', () => {
    const result = nss(['reviewer', 'add', 'r.evil', '--name', 'x\x1b[2Jy', '--json'], {env: {...desk.ops, NSS_PASSWORD: 'reviewer-pass-9'}})
    expect(result.code, result.stderr + result.stdout).to.equal(2)
    expect(result.json.error.issues.map((i: {path: string}) => i.path)).to.deep.equal(['name'])
    expect(countRows(desk.home, "reviewers WHERE id = 'r.evil'")).to.equal(0)
  })
})

describe('input files are capped at 4 MiB (issue 11 point 11)', () => {
  let desk: ReturnType<typeof seededDesk>
  const LIMIT = 4 * 1024 * 1024

  before(function () {
    this.timeout(120_000)
    desk = seededDesk()
  })

  /** Runs nss with `input` piped to its stdin, writing until the process stops reading or exits. */
  function pipeInto(args: string[], env: Record<string, string>, totalBytes: number): Promise<{code: number; stdout: string; written: number; ms: number}> {
    return new Promise((resolve, reject) => {
      const started = Date.now()
      const child = spawn(process.execPath, [BIN, ...args], {env: withStoreEnv({...process.env, NO_COLOR: '1', ...env}), cwd: ROOT})
      let stdout = ''
      let written = 0
      child.stdout.on('data', d => { stdout += d })
      child.stdin.on('error', () => undefined)
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      const pump = () => {
        while (written < totalBytes && !child.stdin.destroyed) {
          written += chunk.length
          if (!child.stdin.write(chunk)) return void child.stdin.once('drain', pump)
        }
        child.stdin.end()
      }
      pump()
      child.on('error', reject)
      child.on('close', code => resolve({code: code ?? -1, stdout, written, ms: Date.now() - started}))
    })
  }

  it('refuses 200 MB on apply --file - with exit 2 at once, having read little more than the cap', async function () {
    this.timeout(60_000)
    const result = await pipeInto(['apply', '--file', '-', '--json'], desk.office, 200 * 1024 * 1024)
    expect(result.code, result.stdout).to.equal(2)
    expect(JSON.parse(result.stdout).error.message).to.match(/stdin は 4 MiB を超えているため読み込みませんでした/)
    // The pipe holds at most a few buffers beyond what the process read before it stopped.
    expect(result.written).to.be.below(40 * 1024 * 1024)
    expect(countRows(desk.home, 'applications')).to.equal(0)
  })

  it('refuses --file /dev/zero with exit 2 at once', () => {
    const started = Date.now()
    const result = nss(['apply', '--file', '/dev/zero', '--json'], {env: desk.office})
    expect(result.code, result.stderr + result.stdout).to.equal(2)
    expect(result.json.error.message).to.match(/\/dev\/zero は 4 MiB を超えているため読み込みませんでした/)
    expect(Date.now() - started).to.be.below(20_000)
  })

  it('refuses a regular file one byte over 4 MiB from its size, and reads one of exactly 4 MiB', () => {
    const padded = (bytes: number) => {
      const json = JSON.stringify(EXAMPLE)
      return json.slice(0, -1) + ' '.repeat(bytes - Buffer.byteLength(json)) + '}'
    }
    const over = nss(['apply', '--file', writeJsonFile(desk.home, 'over.json', padded(LIMIT + 1)), '--json'], {env: desk.office})
    expect(over.code, over.stderr + over.stdout).to.equal(2)
    expect(over.json.error.issues[0].message).to.include(String(LIMIT))
    const exact = nss(['apply', '--file', writeJsonFile(desk.home, 'exact.json', padded(LIMIT)), '--json'], {env: desk.office})
    expect(exact.code, exact.stderr + exact.stdout).to.equal(0)
  })

  it('refuses office import of /dev/zero and of a file over 4 MiB with exit 2, importing nothing', () => {
    const before = nss(['office', 'show', 'NACCS01', '--json'], {env: desk.ops}).stdout
    const zero = nss(['office', 'import', '/dev/zero', '--format', 'csv', '--json'], {env: desk.ops})
    expect(zero.code, zero.stderr + zero.stdout).to.equal(2)
    const big = path.join(desk.home, 'big.csv')
    fs.writeFileSync(big, Buffer.alloc(LIMIT + 1, 0x41))
    const result = nss(['office', 'import', big, '--json'], {env: desk.ops})
    expect(result.code, result.stderr + result.stdout).to.equal(2)
    expect(result.json.error.message).to.match(/big\.csv は 4 MiB を超えているため読み込みませんでした。$/)
    expect(nss(['office', 'show', 'NACCS01', '--json'], {env: desk.ops}).stdout).to.equal(before)
  })
})


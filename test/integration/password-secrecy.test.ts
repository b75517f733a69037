/**
 * Issued passwords stay secret (SPEC §7): they appear in the output of `status R --passwords` and
 * nowhere else — not in any other command's output or error, not in the outbox, the progress log or the
 * audit trail, and not in clear anywhere in the store's files. Every viewing is recorded.
 */
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, openStoreReadOnly, RunOptions, seededDesk} from '../support/cli'
import {storeEnv, TEST_STORE} from '../support/store'

/** Every regular file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : []
  })
}

describe('secrecy of issued passwords', () => {
  let desk: ReturnType<typeof seededDesk>
  let receiptNo: string
  let passwords: string[]
  /** Every CLI call of the scenario except the two `--passwords` views. */
  const otherRuns: {what: string; result: CliResult}[] = []
  const passwordViews: CliResult[] = []

  const run = (what: string, args: string[], options: RunOptions): CliResult => {
    const result = nss(args, options)
    otherRuns.push({what, result})
    if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`)
    return result
  }

  before(function () {
    this.timeout(120_000)
    desk = seededDesk()
    receiptNo = run('apply', ['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}).json.receiptNo
    run('review --complete', ['review', receiptNo, '--complete', '', '--json'], {env: desk.reviewer})
    run('status R (reviewer, human)', ['status', receiptNo], {env: desk.reviewer})
    for (let i = 0; i < 2; i++) {
      const view = nss(['status', receiptNo, '--passwords', '--json'], {env: desk.office})
      if (view.code !== 0) throw new Error(`status --passwords failed (${view.code}): ${view.stderr}${view.stdout}`)
      passwordViews.push(view)
    }
    passwords = passwordViews[0].json.passwords.map((p: {password: string}) => p.password)
    run('status R --json (office)', ['status', receiptNo, '--json'], {env: desk.office})
    run('status R --json (reviewer)', ['status', receiptNo, '--json'], {env: desk.reviewer})
    run('status R (office, human)', ['status', receiptNo], {env: desk.office})
    run('status --json (office)', ['status', '--json'], {env: desk.office})
    run('status --json (reviewer)', ['status', '--json', '--status', 'completed'], {env: desk.reviewer})
    run('status (office, human)', ['status'], {env: desk.office})
  })

  it('issues the two reset IDs of the example a password each, the same on every view', () => {
    expect(passwords).to.have.length(2)
    for (const password of passwords) expect(password).to.match(/^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{8}$/)
    expect(passwordViews[1].json.passwords.map((p: {password: string}) => p.password)).to.deep.equal(passwords)
  })

  it('shows no password in the output of any other command, JSON or human, office or reviewer', () => {
    for (const {what, result} of otherRuns) {
      for (const password of passwords) expect(result.stdout, `${what} stdout`).to.not.include(password)
    }
  })

  it('writes no password to any stderr of the scenario, the password views included', () => {
    for (const {what, result} of [...otherRuns, ...passwordViews.map(result => ({what: 'status --passwords', result}))]) {
      for (const password of passwords) expect(result.stderr, `${what} stderr`).to.not.include(password)
    }
  })

  it('keeps passwords out of the outbox (data and recipients), the progress log and the audit trail', () => {
    const db = openStoreReadOnly(desk.home)
    try {
      const tables = {
        outbox: db.prepare('SELECT data, recipients FROM outbox').all(),
        application_log: db.prepare('SELECT * FROM application_log').all(),
        audit_events: db.prepare('SELECT * FROM audit_events').all(),
      }
      expect(tables.outbox, 'the completion mail is in the outbox').to.have.length.greaterThan(1)
      expect(tables.application_log).to.have.length.greaterThan(1)
      for (const [table, rows] of Object.entries(tables)) {
        const text = JSON.stringify(rows)
        for (const password of passwords) expect(text, table).to.not.include(password)
      }
    } finally {
      db.close()
    }
  })

  it('leaves no password in clear in the store files (nss.sqlite, its WAL, on SQLite) or anywhere under NSS_HOME', () => {
    const files = filesUnder(desk.home)
    if (TEST_STORE === 'sqlite') expect(files.map(f => path.basename(f))).to.include('nss.sqlite')
    for (const file of files) {
      const bytes = fs.readFileSync(file)
      for (const password of passwords) {
        expect(bytes.includes(Buffer.from(password, 'ascii')), `${password} in ${path.relative(desk.home, file)}`).to.equal(false)
        expect(bytes.includes(Buffer.from(password, 'utf16le')), `${password} (UTF-16) in ${path.relative(desk.home, file)}`).to.equal(false)
      }
    }
  })

  if (TEST_STORE === 'postgres') {
    it('leaves no password in clear in the PostgreSQL database (a pg_dump of all of it)', () => {
      const dump = execFileSync('pg_dump', ['--no-owner', '--inserts', '-d', storeEnv(desk.home).NSS_DB], {maxBuffer: 256 * 1024 * 1024})
      expect(dump.includes(Buffer.from('INSERT INTO public.issued_passwords', 'ascii')), 'the dump holds the issued passwords\' rows').to.equal(true)
      for (const password of passwords) expect(dump.includes(Buffer.from(password, 'ascii')), `${password} in the dump`).to.equal(false)
    })
  }

  it('records each viewing in audit_events, by the office, naming the application', () => {
    const db = openStoreReadOnly(desk.home)
    try {
      const rows = db.prepare('SELECT actor, action, receiptNo FROM audit_events WHERE receiptNo = ?').all(receiptNo) as
        {actor: string; action: string; receiptNo: string}[]
      const views = rows.filter(row => /password/i.test(row.action))
      expect(views, JSON.stringify(rows)).to.have.length(passwordViews.length)
      for (const row of views) expect(row.actor).to.include('NACCS01')
    } finally {
      db.close()
    }
  })
})

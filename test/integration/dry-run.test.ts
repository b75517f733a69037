/**
 * Issue 13: `nss apply --dry-run` and `nss amend R --dry-run` show the seed's システム設定申込内容 確認
 * screen — what would be registered, an amendment's changes as current → new, every problem — and
 * change nothing: exit 0 when it would be accepted, 2 when not; `--json` gives {valid, issues, preview}
 * (and, when refused, the error contract's `error`). Nothing is written: the SQLite file and its WAL
 * are byte for byte the same afterwards (on PostgreSQL, a dump of every table; in remote mode every
 * table but the token's last use), and no mail is queued.
 * Local on both stores, and through a real nss serve (NSS_TEST_MODE=remote).
 */
import Database from 'better-sqlite3'
import {expect} from 'chai'
import {createHash} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk, TEST_MODE, writeJsonFile} from '../support/cli'
import {applyAndQuery} from '../support/replies'
import {psql, storeEnv, TEST_STORE} from '../support/store'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const AMEND = path.join(EXAMPLES, 'amend.json')
const EXAMPLE = JSON.parse(fs.readFileSync(APPLICATION, 'utf8'))

/**
 * What the store holds, to compare before and after: on SQLite the hash of the store file and of its
 * WAL (the -shm file is SQLite's shared-memory index, which any reader touches, so it is left out);
 * on PostgreSQL every table of the home's database, row by row. In remote mode a call through the
 * server records when its token was last used (at most once a minute, API_TOKEN_LAST_USE_GRANULARITY_MS):
 * that is the server's bookkeeping of the token, not something the dry run wrote, so there the tables
 * are compared row by row on both stores, without api_tokens.lastUsedAt.
 */
function storeFingerprint(home: string): string {
  const ignoring = (table: string) => TEST_MODE === 'remote' && table === 'api_tokens' ? ['lastUsedAt'] : []
  if (TEST_STORE === 'postgres') {
    const url = storeEnv(home).NSS_DB
    const tables = psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", url)
      .split('\n').filter(Boolean)
    const row = (table: string) => ['to_jsonb(t)', ...ignoring(table).map(column => `'${column}'`)].join(' - ')
    return tables.map(table => `${table}: ${psql(`SELECT coalesce(json_agg(${row(table)} ORDER BY t::text), '[]') FROM "${table}" t`, url)}`).join('\n')
  }
  if (TEST_MODE === 'remote') {
    const db = new Database(path.join(home, 'nss.sqlite'), {readonly: true, fileMustExist: true})
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{name: string}>).map(t => t.name)
      return tables.map(table => {
        const rows = (db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>)
          .map(row => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !ignoring(table).includes(column)))))
          .sort()
        return `${table}: ${rows.join(', ')}`
      }).join('\n')
    } finally {
      db.close()
    }
  }
  return ['nss.sqlite', 'nss.sqlite-wal']
    .map(name => path.join(home, name))
    .map(file => `${path.basename(file)}: ${fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'none'}`)
    .join('\n')
}

function ok(result: CliResult, what: string): CliResult {
  expect(result.code, `${what}: ${result.stdout}${result.stderr}`).to.equal(0)
  return result
}

describe('nss apply --dry-run / nss amend --dry-run (issue 13)', function () {
  this.timeout(180_000)
  let desk: ReturnType<typeof seededDesk>
  /** Each dry run is compared with the store as it was just before it. */
  const unchangedBy = (run: () => CliResult): CliResult => {
    const before = storeFingerprint(desk.home)
    const result = run()
    expect(storeFingerprint(desk.home), 'the store changed').to.equal(before)
    return result
  }
  const outbox = () => ok(nss(['mail', 'outbox', '--json'], {env: desk.ops}), 'mail outbox').json.mails as unknown[]

  before(() => {
    desk = seededDesk()
    // A first call of each: in remote mode it records the token's first use, which a dry run must not be blamed for
    // (the next record comes a minute later at the earliest, API_TOKEN_LAST_USE_GRANULARITY_MS; this file takes seconds).
    ok(nss(['status', '--json'], {env: desk.office}), 'status')
    ok(nss(['status', '--json'], {env: desk.other}), 'status')
  })

  it('shows a valid application as it would be registered (exit 0, valid, the preview), registering nothing and sending no mail', () => {
    const result = unchangedBy(() => nss(['apply', '--file', APPLICATION, '--dry-run', '--json'], {env: desk.office}))
    ok(result, 'apply --dry-run')
    expect(result.json.valid).to.equal(true)
    expect(result.json.issues).to.deep.equal([])
    expect(result.json).to.not.have.property('error')
    const preview = result.json.preview
    expect(preview.office).to.equal('NACCS01')
    expect(preview.contact).to.deep.equal(EXAMPLE.contact)
    expect(preview.timing).to.equal('earliest')
    expect(preview.desiredDate).to.equal(null)
    expect(preview.supersedes).to.equal(null)
    expect(preview.changes).to.deep.equal([])
    expect(preview.entries.map((e: {userCode: string}) => e.userCode)).to.deep.equal(['1ANAC', '1BNAC'])
    expect(preview.entries[0].passwordReset.userIds).to.deep.equal(['1ANACA0A', '1ANACA01'])
    expect(preview.entries[1].officeNameEn, 'the registered value').to.equal('TOKYO OFFICE')
    expect(preview.entries[1].registration).to.deep.equal({officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'})
    expect(outbox()).to.deep.equal([])

    const screen = ok(unchangedBy(() => nss(['apply', '--file', APPLICATION, '--dry-run'], {env: desk.office})), 'apply --dry-run (screen)')
    for (const text of ['システム設定申込内容 確認', '入力した内容を確認してください。', '申込担当者情報', 'taro@example.jp', 'TOKYO OFFICE → TOKYO OFFICE 2', '1ANACA01']) {
      expect(screen.stdout).to.contain(text)
    }
    // Nothing was spent: the first real application gets the year's first receipt number's sequence.
    const before = storeFingerprint(desk.home)
    const applied = ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply')
    expect(applied.json.receiptNo).to.match(/^\d{2}00001[A-Z]$/)
    expect(storeFingerprint(desk.home), 'the fingerprint sees a real apply').to.not.equal(before)
  })

  it('lists every problem of an invalid application (exit 2, valid false, preview null, the error contract\'s error) and changes nothing', () => {
    const invalid = {
      ...EXAMPLE,
      contact: {...EXAMPLE.contact, email: 'taro@@example'},
      timing: 'date',
      desiredDate: '20260230',
      remarks: 'あ'.repeat(241),
      entries: [...EXAMPLE.entries, {userCode: '2ANAC', registration: {officeNameEn: 'OSAKA OFFICE 2'}}],
    }
    const file = writeJsonFile(desk.home, 'invalid.json', invalid)
    const result = unchangedBy(() => nss(['apply', '--file', file, '--dry-run', '--json'], {env: desk.office}))
    expect(result.code, result.stdout + result.stderr).to.equal(2)
    expect(result.json.valid).to.equal(false)
    expect(result.json.preview).to.equal(null)
    const paths = result.json.issues.map((i: {path: string}) => i.path).sort()
    expect(paths).to.deep.equal(['contact.email', 'desiredDate', 'entries[2].userCode', 'remarks'])
    // The same problems the real apply names, and the same error member a refused command prints.
    expect(result.json.error.code).to.equal('invalid_input')
    expect(result.json.error.issues).to.deep.equal(result.json.issues)
    const real = nss(['apply', '--file', file, '--json'], {env: desk.office})
    expect(real.code).to.equal(2)
    expect(real.json.error.issues).to.deep.equal(result.json.issues)

    const screen = unchangedBy(() => nss(['apply', '--file', file, '--dry-run'], {env: desk.office}))
    expect(screen.code).to.equal(2)
    for (const issue of result.json.issues) expect(screen.stdout).to.contain(`${issue.path}: ${issue.message}`)
    expect(screen.stdout).to.contain('問題が 4 件')
    expect(outbox().length, 'only the first test\'s real apply\'s receipt mail').to.equal(1)
  })

  describe('amend --dry-run', () => {
    let receiptNo: string

    before(() => {
      receiptNo = applyAndQuery(desk)
    })

    it('shows the amended application with each change as current → new (exit 0), amending nothing', () => {
      const mailsBefore = outbox().length
      const result = ok(unchangedBy(() => nss(['amend', receiptNo, '--file', AMEND, '--dry-run', '--json'], {env: desk.office})), 'amend --dry-run')
      expect(result.json.valid).to.equal(true)
      const preview = result.json.preview
      expect(preview.supersedes).to.equal(receiptNo)
      const patch = JSON.parse(fs.readFileSync(AMEND, 'utf8'))
      expect(preview.changes).to.deep.equal([
        {field: 'remarks', current: '', new: patch.remarks},
        {field: 'entries.1ANAC.passwordReset.ids', current: ['A0A', 'A01'], new: patch.entries[0].passwordReset.ids},
        {field: 'entries.1ANAC.passwordReset.reason', current: '担当者の異動のため', new: patch.entries[0].passwordReset.reason},
      ])
      expect(preview.entries[0].passwordReset.ids).to.deep.equal(patch.entries[0].passwordReset.ids)
      expect(preview.entries[1].registration, 'an entry the patch does not name stays').to.deep.equal({officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'})

      const screen = ok(unchangedBy(() => nss(['amend', receiptNo, '--file', AMEND, '--dry-run'], {env: desk.office})), 'amend --dry-run (screen)')
      expect(screen.stdout).to.contain('修正内容')
      expect(screen.stdout).to.contain(`申込受付番号「${receiptNo}」の修正`)
      expect(screen.stdout).to.contain('A0A, A01 → A0A, A0B, A01, A02, A03')
      const status = ok(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status')
      expect(status.json.status).to.equal('query')
      expect(status.json.supersededBy).to.equal(null)
      expect(outbox().length).to.equal(mailsBefore)
    })

    it('lists every problem of a patch that would not be accepted (exit 2)', () => {
      const file = writeJsonFile(desk.home, 'bad-patch.json', {contact: {email: 'x@@y'}, timing: 'date', desiredDate: '20260230'})
      const result = unchangedBy(() => nss(['amend', receiptNo, '--file', file, '--dry-run', '--json'], {env: desk.office}))
      expect(result.code, result.stdout + result.stderr).to.equal(2)
      expect(result.json.valid).to.equal(false)
      expect(result.json.issues.map((i: {path: string}) => i.path).sort()).to.deep.equal(['contact.email', 'desiredDate'])
    })

    it("refuses another office's receipt as amend does (exit 4, nothing shown of it)", () => {
      const dry = unchangedBy(() => nss(['amend', receiptNo, '--file', AMEND, '--dry-run', '--json'], {env: desk.other}))
      const real = unchangedBy(() => nss(['amend', receiptNo, '--file', AMEND, '--json'], {env: desk.other}))
      expect(dry.code, dry.stdout + dry.stderr).to.equal(4)
      expect(dry.json.error.code).to.equal(real.json.error.code)
      expect(dry.code).to.equal(real.code)
      expect(dry.stdout).to.not.contain('taro@example.jp')
    })

    it('refuses an application that is not under query as amend does (exit 5), and an unknown receipt number (exit 3)', () => {
      const received = ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply').json.receiptNo
      const dry = unchangedBy(() => nss(['amend', received, '--file', AMEND, '--dry-run', '--json'], {env: desk.office}))
      expect(dry.code, dry.stdout + dry.stderr).to.equal(5)
      expect(dry.json.error.code).to.equal('conflict')
      const unknown = unchangedBy(() => nss(['amend', '2699999C', '--file', AMEND, '--dry-run', '--json'], {env: desk.office}))
      expect(unknown.code, unknown.stdout + unknown.stderr).to.equal(3)
      expect(unknown.json.error.code).to.equal('not_found')
    })
  })

  if (TEST_MODE === 'remote') {
    it('lets a read-only token preview (it writes nothing) while the real apply is refused to it', () => {
      const {createToken} = require('../support/server') as typeof import('../support/server')
      const readOnly = {...desk.office, NSS_TOKEN: createToken(desk.home, {office: 'NACCS01'}, ['--read-only']).token}
      ok(nss(['status', '--json'], {env: readOnly}), 'status')
      const dry = unchangedBy(() => nss(['apply', '--file', APPLICATION, '--dry-run', '--json'], {env: readOnly}))
      ok(dry, 'apply --dry-run with a read-only token')
      expect(dry.json.valid).to.equal(true)
      const real = nss(['apply', '--file', APPLICATION, '--json'], {env: readOnly})
      expect(real.code).to.equal(4)
    })
  }
})

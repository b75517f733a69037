/**
 * `nss init` and the desk's home (issue 11 points 12–14): a lost secret.key is never silently replaced
 * on a store that holds data made with it, a key that cannot open sealed passwords is exit 6, the home,
 * the store, the key and the mail folders are the operator's alone (0700 / 0600) whatever the umask,
 * and a home that is a file is exit 6 with a plain line.
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {BIN, CliResult, EXAMPLES, nss, ROOT, seededDesk, tempHome} from '../support/cli'
import {describeOn, TEST_STORE, withStoreEnv} from '../support/store'

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8).padStart(4, '0')

function must(result: CliResult, what: string): any {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`)
  return result.json
}

/** `nss ARGS` under a given umask (a shell sets it, then runs the CLI). */
function nssUnderUmask(umask: string, args: string[], env: Record<string, string>): CliResult {
  const command = `umask ${umask} && exec "$0" "$@"`
  const result = spawnSync('sh', ['-c', command, process.execPath, BIN, ...args], {
    env: withStoreEnv({...process.env, NO_COLOR: '1', ...env}), cwd: ROOT, encoding: 'utf8',
  })
  let json: unknown
  try {
    json = JSON.parse(result.stdout)
  } catch {
    json = undefined
  }
  return {code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, json}
}

describe('nss init and a lost secret key (issue 11 point 12)', () => {
  let desk: ReturnType<typeof seededDesk>
  let completed: string
  let keyFile: string
  let backup: string

  before(function () {
    this.timeout(120_000)
    desk = seededDesk()
    completed = must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}), 'apply').receiptNo
    must(nss(['review', completed, '--complete', '', '--json'], {env: desk.reviewer}), 'complete')
    keyFile = path.join(desk.home, 'secret.key')
    backup = fs.readFileSync(keyFile, 'utf8')
  })

  it('refuses to make a new key for a store that holds data when secret.key is missing: exit 6, saying how to restore it, and makes none', () => {
    fs.rmSync(keyFile)
    const result = nss(['init', '--json'], {env: desk.ops})
    expect(result.code, result.stderr + result.stdout).to.equal(6)
    expect(result.json.error.message).to.match(/secret\.key is missing/)
    expect(result.json.error.message).to.match(/restore secret\.key from your backup/)
    expect(result.json.error.message).to.match(/--new-secret/)
    expect(fs.existsSync(keyFile)).to.equal(false)
  })

  it('opens the sealed passwords again once the key is restored from the backup', () => {
    fs.writeFileSync(keyFile, backup, {mode: 0o600})
    must(nss(['init', '--json'], {env: desk.ops}), 'init')
    expect(fs.readFileSync(keyFile, 'utf8')).to.equal(backup)
    must(nss(['status', completed, '--passwords', '--json'], {env: desk.office}), 'passwords')
  })

  it('makes a new key with --new-secret; the passwords sealed under the old one are then exit 6 with a clear message, not exit 1', () => {
    fs.rmSync(keyFile)
    const result = nss(['init', '--new-secret', '--json'], {env: desk.ops})
    expect(result.code, result.stderr + result.stdout).to.equal(0)
    expect(result.json.secretKeyCreated).to.equal(true)
    expect(fs.readFileSync(keyFile, 'utf8')).to.not.equal(backup)
    const refused = nss(['status', completed, '--passwords', '--json'], {env: desk.office})
    expect(refused.code, refused.stderr + refused.stdout).to.equal(6)
    expect(refused.json.error.message).to.match(/cannot be opened with the secret key in NSS_HOME/)
    expect(refused.json.error.message).to.match(/Restore secret\.key from the backup/)
  })

  it('makes a new key without --new-secret for a store that holds only master data', () => {
    const fresh = seededDesk()
    fs.rmSync(path.join(fresh.home, 'secret.key'))
    const result = nss(['init', '--json'], {env: fresh.ops})
    expect(result.code, result.stderr + result.stdout).to.equal(0)
    expect(result.json.secretKeyCreated).to.equal(true)
  })
})

describe('file modes of the desk home (issue 11 point 13)', () => {
  it('creates NSS_HOME, the store, secret.key and the mail folders 0700 / 0600 even under umask 000', () => {
    const home = path.join(tempHome(), 'var')
    const result = nssUnderUmask('000', ['init', '--json'], {NSS_HOME: home})
    expect(result.code, result.stderr + result.stdout).to.equal(0)
    expect(result.json.tightened).to.deep.equal([])
    expect(modeOf(home)).to.equal('0700')
    expect(modeOf(path.join(home, 'secret.key'))).to.equal('0600')
    if (TEST_STORE === 'sqlite') expect(modeOf(path.join(home, 'nss.sqlite'))).to.equal('0600')
    for (const folder of ['mail', 'mail/outbox', 'mail/inbox', 'mail/inbox/new', 'mail/inbox/cur', 'mail/inbox/tmp']) {
      expect(modeOf(path.join(home, folder)), folder).to.equal('0700')
    }
    // A command that writes under umask 000: the spool file of the receipt mail, and the store's WAL.
    must(nssUnderUmask('000', ['office', 'import', path.join(EXAMPLES, 'offices.json'), '--json'], {NSS_HOME: home}), 'import')
    must(nssUnderUmask('000', ['office', 'passwd', 'NACCS01'], {NSS_HOME: home, NSS_PASSWORD: 'office-pass-1'}), 'passwd')
    must(nssUnderUmask('000', ['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {NSS_HOME: home, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: 'office-pass-1'}), 'apply')
    const spooled = fs.readdirSync(path.join(home, 'mail', 'outbox')).filter(name => name.endsWith('.eml'))
    expect(spooled.length).to.be.greaterThan(0)
    for (const name of spooled) expect(modeOf(path.join(home, 'mail', 'outbox', name)), name).to.equal('0600')
  })

  it('tightens a home, store, key and mail folders found wider, saying so one line each', () => {
    const desk = seededDesk()
    const home = desk.home
    const wider: [string, number][] = [
      [home, 0o755], [path.join(home, 'secret.key'), 0o644], [path.join(home, 'mail'), 0o755],
      [path.join(home, 'mail', 'outbox'), 0o777], [path.join(home, 'mail', 'inbox', 'new'), 0o750],
    ]
    if (TEST_STORE === 'sqlite') wider.push([path.join(home, 'nss.sqlite'), 0o644])
    for (const [file, mode] of wider) fs.chmodSync(file, mode)
    const result = nss(['init'], {env: {...desk.ops, NSS_LOCALE: 'en'}})
    expect(result.code, result.stderr + result.stdout).to.equal(0)
    const lines = result.stdout.trim().split('\n')
    for (const [file, mode] of wider) {
      const wanted = fs.statSync(file).isDirectory() ? '0700' : '0600'
      expect(modeOf(file), file).to.equal(wanted)
      expect(lines.filter(line => line === `${file} was mode ${mode.toString(8).padStart(4, '0')}: now ${wanted} (the operator's alone).`), file).to.have.length(1)
    }
    expect(lines).to.have.length(wider.length + 1)
    // In Japanese by default; and a second run has nothing left to tighten.
    fs.chmodSync(home, 0o755)
    const ja = nss(['init', '--json'], {env: desk.ops})
    expect(ja.json.tightened).to.deep.equal([{path: home, from: '0755', to: '0700'}])
    expect(nss(['init'], {env: desk.ops}).stdout.trim().split('\n')).to.have.length(1)
    fs.chmodSync(home, 0o755)
    expect(nss(['init'], {env: desk.ops}).stdout).to.include(`${home} のアクセス権を 0755 から 0700 に変更しました`)
  })
})

describeOn('sqlite', 'file modes of the SQLite store\'s companions (issue 11 point 13)', () => {
  it('gives the store\'s -wal and -shm the store\'s 0600 even under umask 000', () => {
    const home = path.join(tempHome(), 'var')
    must(nssUnderUmask('000', ['init', '--json'], {NSS_HOME: home}), 'init')
    const Database = require('better-sqlite3') as typeof import('better-sqlite3')
    const previous = process.umask(0)
    const db = new Database(path.join(home, 'nss.sqlite'))
    try {
      db.prepare("INSERT INTO audit_events (at, actor, action, receiptNo, detail) VALUES ('2026-12-01T00:00:00.000Z', 'system', 'probe', NULL, '')").run()
      for (const suffix of ['-wal', '-shm']) expect(modeOf(path.join(home, `nss.sqlite${suffix}`)), suffix).to.equal('0600')
    } finally {
      db.close()
      process.umask(previous)
    }
  })

  it('tightens a -wal and -shm found wider while another connection holds them open', () => {
    const home = path.join(tempHome(), 'var')
    must(nss(['init', '--json'], {env: {NSS_HOME: home}}), 'init')
    const store = path.join(home, 'nss.sqlite')
    fs.chmodSync(store, 0o644)
    const Database = require('better-sqlite3') as typeof import('better-sqlite3')
    const db = new Database(store)
    try {
      db.prepare("INSERT INTO audit_events (at, actor, action, receiptNo, detail) VALUES ('2026-12-01T00:00:00.000Z', 'system', 'probe', NULL, '')").run()
      for (const suffix of ['-wal', '-shm']) fs.chmodSync(`${store}${suffix}`, 0o644)
      const result = nss(['init', '--json'], {env: {NSS_HOME: home}})
      expect(result.code, result.stderr + result.stdout).to.equal(0)
      expect(result.json.tightened.map((c: {path: string}) => c.path)).to.deep.equal([store, `${store}-wal`, `${store}-shm`])
      for (const file of [store, `${store}-wal`, `${store}-shm`]) expect(modeOf(file), file).to.equal('0600')
    } finally {
      db.close()
    }
  })
})

describe('an NSS_HOME that cannot be a folder (issue 11 point 14)', () => {
  for (const [what, home] of [['a file (/etc/passwd)', '/etc/passwd'], ['under a file', '/etc/passwd/var']] as const) {
    it(`answers nss init with NSS_HOME ${what} with exit 6 and a plain line`, () => {
      const before = fs.statSync('/etc/passwd')
      for (const json of [true, false]) {
        const result = nss(['init', ...(json ? ['--json'] : [])], {env: {NSS_HOME: home}})
        expect(result.code, result.stderr + result.stdout).to.equal(6)
        const message = json ? result.json.error.message : result.stderr.trim()
        expect(message).to.match(/NSS_HOME \/etc\/passwd(\/var)? はフォルダではありません|NSS_HOME \/etc\/passwd\/var を作成できません: パスの途中がフォルダではなくファイルです/)
        expect(message).to.not.match(/unexpected|EEXIST|ENOTDIR|\n/)
      }
      expect(fs.statSync('/etc/passwd').mtimeMs).to.equal(before.mtimeMs)
    })
  }
})

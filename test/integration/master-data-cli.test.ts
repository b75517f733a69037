import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {EXAMPLES, nss, tempHome} from '../support/cli'

describe('nss init, office and reviewer commands (SPEC §2, §9)', () => {
  it('init creates the store and a secret key readable only by its owner, and is safe to run again', () => {
    const home = tempHome()
    const first = nss(['init', '--json'], {env: {NSS_HOME: home}})
    expect(first.code).to.equal(0)
    expect(first.json).to.include({secretKeyCreated: true})
    expect(fs.statSync(path.join(home, 'secret.key')).mode & 0o777).to.equal(0o600)
    const key = fs.readFileSync(path.join(home, 'secret.key'), 'utf8')
    const second = nss(['init', '--json'], {env: {NSS_HOME: home}})
    expect(second.code).to.equal(0)
    expect(second.json).to.include({secretKeyCreated: false})
    expect(fs.readFileSync(path.join(home, 'secret.key'), 'utf8')).to.equal(key)
  })

  it('refuses to work on a store that was never initialised, with exit 6 naming nss init', () => {
    const home = tempHome()
    const result = nss(['status', '--json'], {env: {NSS_HOME: home, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: 'x'}})
    expect(result.code).to.equal(6)
    expect(result.json.error.code).to.equal('infrastructure')
    expect(result.json.error.message).to.contain('nss init')
  })

  it('imports the example office from JSON and from the Excel-style CSV to the same master data', () => {
    const fromJson = tempHome()
    const fromCsv = tempHome()
    for (const [home, file] of [[fromJson, 'offices.json'], [fromCsv, 'offices.csv']]) {
      expect(nss(['init'], {env: {NSS_HOME: home}}).code).to.equal(0)
      const imported = nss(['office', 'import', path.join(EXAMPLES, file), '--json'], {env: {NSS_HOME: home}})
      expect(imported.code, imported.stdout).to.equal(0)
      expect(imported.json).to.deep.equal({offices: 2, userCodes: 4, userIds: 10})
    }
    const a = nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: fromJson}})
    const b = nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: fromCsv}})
    expect(a.code).to.equal(0)
    expect(a.json).to.deep.equal(b.json)
    expect(a.json.userCodes.map((u: {code: string}) => u.code)).to.deep.equal(['1ANAC', '1BNAC', '1CNAC'])
    expect(a.json.userCodes[0].userIds.map((i: {userId: string}) => i.userId)).to.include('1ANACA0A')
    expect(a.json.hasPassword).to.equal(false)
  })

  it('rejects a CSV with several bad rows, naming every problem by line and column, and changes nothing', () => {
    const home = tempHome()
    nss(['init'], {env: {NSS_HOME: home}})
    nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], {env: {NSS_HOME: home}})
    const before = nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: home}}).json

    const lines = fs.readFileSync(path.join(EXAMPLES, 'offices.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)
    const header = lines[0].split(',')
    const col = (name: string) => header.indexOf(name)
    const edit = (line: string, name: string, value: string) => {
      const cells = line.split(',')
      cells[col(name)] = value
      return cells.join(',')
    }
    const rows = lines.slice(1).filter(Boolean)
    const bad = [
      header.join(','),
      edit(rows[0], 'office_name', 'NEW NAME THAT MUST NOT LAND'),
      ...rows.slice(1).map((row, i) => i === 0 ? edit(row, 'user_code', '1anac!') : i === 1 ? edit(row, 'method', 'fax') : i === 2 ? edit(row, 'system_class', 'space') : row),
    ]
    const file = path.join(home, 'bad.csv')
    fs.writeFileSync(file, bad.join('\n'))
    const result = nss(['office', 'import', file, '--json'], {env: {NSS_HOME: home}})
    expect(result.code).to.equal(2)
    const paths = result.json.error.issues.map((i: {path: string}) => i.path)
    expect(paths.some((p: string) => p.startsWith('bad.csv:3:user_code')), paths.join(' ')).to.equal(true)
    expect(paths.some((p: string) => p.startsWith('bad.csv:4:method')), paths.join(' ')).to.equal(true)
    expect(paths.some((p: string) => p.startsWith('bad.csv:5:system_class')), paths.join(' ')).to.equal(true)
    // Said in the reader's language (no NSS_LOCALE: Japanese), in file order; English with NSS_LOCALE=en.
    expect(result.json.error.message).to.equal('bad.csv: 10件の問題があったため、何も読み込みませんでした。')
    const said = (prefix: string) => result.json.error.issues.find((i: {path: string}) => i.path.startsWith(prefix))?.message
    expect(said('bad.csv:3:user_code')).to.equal('0-9 と A-Z の5文字で入力してください(例: 1ANAC)。')
    expect(said('bad.csv:4:method')).to.equal('処理方式「fax」は使えません。net, interactive, interactive_pop3 のいずれかを指定してください。')
    expect(said('bad.csv:3:office_name')).to.match(/^同じ事業所 NACCS01 の2行目と異なります/)
    expect(paths.slice(0, 4)).to.deep.equal(['bad.csv:3:office_name', 'bad.csv:3:user_code', 'bad.csv:4:office_name', 'bad.csv:4:method'])
    const english = nss(['office', 'import', file, '--json'], {env: {NSS_HOME: home, NSS_LOCALE: 'en'}})
    expect(english.json.error.message).to.equal('bad.csv: 10 problems found; nothing was read')
    expect(english.json.error.issues[3].message).to.equal('unknown processing method "fax": use net, interactive, interactive_pop3')
    expect(nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: home}}).json).to.deep.equal(before)
  })

  it('re-importing updates offices in place', () => {
    const home = tempHome()
    nss(['init'], {env: {NSS_HOME: home}})
    nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], {env: {NSS_HOME: home}})
    const data = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'offices.json'), 'utf8'))
    data.offices[0].adminEmail = 'new-admin@example.jp'
    const file = path.join(home, 'changed.json')
    fs.writeFileSync(file, JSON.stringify(data))
    expect(nss(['office', 'import', file], {env: {NSS_HOME: home}}).code).to.equal(0)
    expect(nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: home}}).json.adminEmail).to.equal('new-admin@example.jp')
  })

  it('takes passwords from NSS_PASSWORD, never a flag, and refuses when there is neither it nor a terminal', () => {
    const home = tempHome()
    nss(['init'], {env: {NSS_HOME: home}})
    nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], {env: {NSS_HOME: home}})
    const noPassword = nss(['office', 'passwd', 'NACCS01', '--json'], {env: {NSS_HOME: home, NSS_PASSWORD: undefined}})
    expect(noPassword.code).to.equal(2)
    const asFlag = nss(['office', 'passwd', 'NACCS01', '--password', 'secret-123'], {env: {NSS_HOME: home}})
    expect(asFlag.code).to.equal(2)
    const ok = nss(['office', 'passwd', 'NACCS01', '--json'], {env: {NSS_HOME: home, NSS_PASSWORD: 'secret-123'}})
    expect(ok.code).to.equal(0)
    expect(ok.stdout + ok.stderr).not.to.contain('secret-123')
    expect(nss(['office', 'show', 'NACCS01', '--json'], {env: {NSS_HOME: home}}).json.hasPassword).to.equal(true)
    const unknown = nss(['office', 'passwd', 'NOPE01', '--json'], {env: {NSS_HOME: home, NSS_PASSWORD: 'secret-123'}})
    expect(unknown.code).to.equal(3)
    const reviewer = nss(['reviewer', 'add', 'r.sato', '--name', '佐藤 花子', '--json'], {env: {NSS_HOME: home, NSS_PASSWORD: 'secret-456'}})
    expect(reviewer.code).to.equal(0)
    expect(reviewer.json).to.deep.equal({reviewer: 'r.sato', name: '佐藤 花子', email: null, hasPassword: true})
  })
})

/**
 * `nss store backup FILE` (issue 15): a consistent copy of a SQLite store taken while offices apply,
 * checked, written 0600, and a desk restored from it runs the seed scenario; bad input changes nothing.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {EXAMPLES, nss, nssAsync, seededDesk, tempHome} from '../support/cli'
import {describeOn} from '../support/store'

const APPLICATION = path.join(EXAMPLES, 'application.json')

describeOn('sqlite', 'nss store backup: an online backup of the SQLite store (issue 15)', function () {
  this.timeout(240_000)

  it('backs up while offices apply: the copy is one snapshot, checked, 0600, and a desk restored from it runs the seed scenario', async () => {
    const desk = seededDesk()
    const store = path.join(desk.home, 'nss.sqlite')
    const file = path.join(tempHome(), 'nss-backup.sqlite')
    // Load: applications committing before, during and after the backup, from other processes.
    const acknowledged: string[] = []
    let isLoading = true
    const load = (async () => {
      while (isLoading) {
        const applied = await nssAsync(['apply', '--file', APPLICATION, '--json'], {env: desk.office})
        expect(applied.code, applied.stderr).to.equal(0)
        acknowledged.push(applied.json.receiptNo)
      }
    })()
    while (acknowledged.length < 2) await new Promise(resolve => setTimeout(resolve, 50))
    const beforeBackup = [...acknowledged]
    const backup = await nssAsync(['store', 'backup', file, '--json'], {env: desk.ops})
    const whenBackedUp = [...acknowledged]
    while (acknowledged.length < whenBackedUp.length + 2) await new Promise(resolve => setTimeout(resolve, 50))
    isLoading = false
    await load

    expect(backup.code, backup.stderr).to.equal(0)
    expect(backup.json.file).to.equal(file)
    expect(backup.json.integrityCheck).to.equal('ok')
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600)
    expect(fs.readdirSync(path.dirname(file))).to.deep.equal(['nss-backup.sqlite'])
    const rows = Object.fromEntries(backup.json.tables.map((t: any) => [t.table, t.rows]))
    // Every application acknowledged before the backup started is in it; none acknowledged after it ended.
    expect(rows.applications).to.be.at.least(beforeBackup.length).and.at.most(whenBackedUp.length)
    expect(rows.offices).to.equal(2)

    // Restore as docs/operations.md says: the desk's folder with its secret.key, the backup as its store.
    const restored = tempHome()
    fs.copyFileSync(path.join(desk.home, 'secret.key'), path.join(restored, 'secret.key'), fs.constants.COPYFILE_EXCL)
    fs.chmodSync(path.join(restored, 'secret.key'), 0o600)
    fs.copyFileSync(file, path.join(restored, 'nss.sqlite'))
    const as = (env: Record<string, string>) => ({...env, NSS_HOME: restored})
    const listed = nss(['status', '--json', '--limit', '1000'], {env: as(desk.office)})
    expect(listed.code, listed.stderr).to.equal(0)
    const inBackup = listed.json.applications.map((a: any) => a.receiptNo)
    expect(inBackup).to.have.length(rows.applications)
    expect(inBackup).to.include.members(beforeBackup)
    expect(acknowledged.slice(whenBackedUp.length).some(receiptNo => inBackup.includes(receiptNo))).to.equal(false)

    // The seed scenario on the restored desk: apply, query, amend, complete, the passwords.
    const applied = nss(['apply', '--file', APPLICATION, '--json'], {env: as(desk.office)})
    expect(applied.code, applied.stderr).to.equal(0)
    // Numbering goes on from the backup (what the source issued after it is not in the restored desk).
    expect(inBackup).not.to.include(applied.json.receiptNo)
    const receiptNo = applied.json.receiptNo
    expect(nss(['review', receiptNo, '--query', '連絡先を確認してください。'], {env: as(desk.reviewer)}).code).to.equal(0)
    const amended = nss(['amend', receiptNo, '--file', path.join(EXAMPLES, 'amend.json'), '--json'], {env: as(desk.office)})
    expect(amended.code, amended.stderr).to.equal(0)
    const completed = nss(['review', amended.json.receiptNo, '--complete', '設定が完了しました。', '--json'], {env: as(desk.reviewer)})
    expect(completed.code, completed.stderr).to.equal(0)
    const shown = nss(['status', amended.json.receiptNo, '--json'], {env: as(desk.office)})
    expect(shown.json.status).to.equal('completed')
    const original = nss(['status', receiptNo, '--json'], {env: as(desk.office)})
    expect(original.json.status).to.equal('superseded')
    // The source desk went on untouched by the restore.
    expect(nss(['status', '--json', '--limit', '1000'], {env: desk.office}).json.applications).to.have.length(acknowledged.length)
    expect(fs.existsSync(store)).to.equal(true)
  })

  it('refuses, changing nothing: an existing file, the store itself, a missing folder, a file that is no store, a PostgreSQL store', () => {
    const desk = seededDesk()
    const existing = path.join(tempHome(), 'taken.sqlite')
    fs.writeFileSync(existing, 'not to be replaced')
    const taken = nss(['store', 'backup', existing, '--json'], {env: desk.ops})
    expect(taken.code).to.equal(2)
    expect(taken.json.error.issues.map((i: any) => i.path)).to.deep.equal(['file'])
    expect(taken.json.error.issues[0].message).to.contain('すでに存在します')
    expect(fs.readFileSync(existing, 'utf8')).to.equal('not to be replaced')
    expect(fs.readdirSync(path.dirname(existing))).to.deep.equal(['taken.sqlite'])

    const itself = nss(['store', 'backup', path.join(desk.home, 'nss.sqlite'), '--json'], {env: desk.ops})
    expect([itself.code, itself.json.error.issues[0].message]).to.deep.equal([2, 'ストアそのものです。'])

    const noFolder = nss(['store', 'backup', path.join(desk.home, 'no', 'such', 'b.sqlite'), '--json'], {env: desk.ops})
    expect(noFolder.code).to.equal(2)
    expect(noFolder.json.error.issues[0].message).to.contain('フォルダー').and.contain('はありません')

    // Two problems at once: both named.
    const notAStore = path.join(tempHome(), 'notes.txt')
    fs.writeFileSync(notAStore, 'hello')
    const both = nss(['store', 'backup', existing, '--from', notAStore, '--json'], {env: desk.ops})
    expect(both.code).to.equal(2)
    expect(both.json.error.issues.map((i: any) => i.path)).to.deep.equal(['file', 'store'])
    expect(fs.readFileSync(notAStore, 'utf8')).to.equal('hello')

    const pg = nss(['store', 'backup', path.join(tempHome(), 'b.sqlite'), '--json'],
      {env: {...desk.ops, NSS_DB: 'postgres://nss@127.0.0.1:1/nss'}})
    expect(pg.code).to.equal(2)
    expect(pg.json.error.issues[0].message).to.contain('pg_dump')
  })
})

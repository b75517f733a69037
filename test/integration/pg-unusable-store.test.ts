/**
 * PostgreSQL counterparts of the SQLite store faults (fault-storage.test.ts: a missing, full or
 * read-only store file): through the CLI, a PostgreSQL store that cannot be used is exit 6 with what to
 * do, the URL shown with its password masked, for a command that reads (status) and one that writes.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {POSTGRES_MIGRATIONS} from '../../src/store/migrations/postgres'
import {EXAMPLES, nss, OFFICE_PASSWORD, tempHome} from '../support/cli'
import {createTestDatabase, describeOn, psql} from '../support/store'

describeOn('postgres', 'an unusable PostgreSQL store through the CLI (SPEC §9 exit 6)', () => {
  const run = (db: string, args: string[]) => nss([...args, '--json'], {env: {NSS_HOME: tempHome(), NSS_DB: db, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: OFFICE_PASSWORD}})
  const commands = [['status'], ['apply', '--file', path.join(EXAMPLES, 'application.json')], ['init']]

  const cases: Array<[string, (good: URL) => void, RegExp]> = [
    ['nothing listens at its address', url => { url.port = '1' }, /応答がありません/],
    ['its password is wrong', url => { url.password = 'wrong-password-42' }, /パスワードが拒否されました/],
    ['its database does not exist', url => { url.pathname = '/no_such_database' }, /データベースが存在しません\(作成してから `nss init` を実行してください\)/],
  ]
  for (const [what, spoil, message] of cases) {
    it(`exits 6 when ${what}, naming the store without its password`, () => {
      const url = new URL(createTestDatabase())
      spoil(url)
      for (const args of commands) {
        const result = run(url.toString(), args)
        expect(result.code, `${args[0]}: ${result.stdout}${result.stderr}`).to.equal(6)
        expect(result.json.error.message, args[0]).to.match(message).and.contain(':***@')
        expect(result.stdout + result.stderr, args[0]).not.to.contain(url.password)
      }
    })
  }

  it('asks for nss init on a database that has not been migrated, and nss init makes it usable', () => {
    const db = createTestDatabase()
    for (const args of commands.slice(0, 2)) {
      const result = run(db, args)
      expect(result.code, args[0]).to.equal(6)
      expect(result.json.error.message, args[0]).to.contain('nss init')
    }
    expect(run(db, ['init']).code).to.equal(0)
    expect(psql('SELECT count(*) FROM "migrations"', db).trim()).to.equal(String(POSTGRES_MIGRATIONS.length))
  })
})

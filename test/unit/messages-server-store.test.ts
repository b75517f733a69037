import {expect} from 'chai'
import {SERVER_EN} from '../../src/domain/messages/en/server'
import {STORE_EN} from '../../src/domain/messages/en/store'
import {SERVER_JA} from '../../src/domain/messages/ja/server'
import {POSTGRES_PROBLEMS_JA, SQLITE_PROBLEMS_JA, STORE_JA} from '../../src/domain/messages/ja/store'
import {InfrastructureError} from '../../src/domain/errors'
import {translateStoreError} from '../../src/store/store'
import {itChecksTheCatalogue, JAPANESE} from '../support/catalogue'

/** Sample parameters: 'X' for any name asked for (numbers print as well), a known problem where one is asked for. */
const sampleFor = (problems: string[]) => new Proxy({}, {get: (_, name) => (name === 'problem' ? problems[0] : 'X')})

const catalogues = [
  {layer: 'server', ja: SERVER_JA, en: SERVER_EN, problems: ['']},
  {layer: 'store', ja: STORE_JA, en: STORE_EN, problems: Object.keys(POSTGRES_PROBLEMS_JA)},
]

for (const {layer, ja, en, problems} of catalogues) {
  describe(`the catalogue of src/${layer} (issue 13)`, () => {
    const sample = sampleFor(problems)

    // The store's SQLite texts take a SQLite problem.
    itChecksTheCatalogue(layer, ja, en, {
      sample: key => key === 'store.sqliteUnusable' ? {problem: 'diskFull', code: 'X'} : sample, ending: /[。?]$|: X$/,
    })
  })
}

describe('the problems of an unusable store (issue 13)', () => {
  it('says every PostgreSQL and SQLite problem in both languages', () => {
    for (const problem of Object.keys(POSTGRES_PROBLEMS_JA)) {
      const params = {url: 'postgres://nss:***@db/nss', problem: problem as keyof typeof POSTGRES_PROBLEMS_JA, code: '08006'}
      expect(STORE_JA['store.postgresUnusable'](params), problem).to.match(JAPANESE).and.include('postgres://nss:***@db/nss').and.include('(08006)')
      expect(STORE_EN['store.postgresUnusable'](params), problem).not.to.match(JAPANESE).and.not.include('undefined')
    }
    for (const problem of Object.keys(SQLITE_PROBLEMS_JA)) {
      const params = {problem: problem as keyof typeof SQLITE_PROBLEMS_JA, code: 'SQLITE_X'}
      expect(STORE_JA['store.sqliteUnusable'](params), problem).to.match(JAPANESE).and.include('SQLITE_X')
      expect(STORE_EN['store.sqliteUnusable'](params), problem).not.to.match(JAPANESE).and.not.include('undefined')
    }
  })

  it('keeps the English of a refused connection and a full disk, and says them in Japanese to a Japanese reader', () => {
    const refused = translateStoreError(Object.assign(new Error('connect ECONNREFUSED'), {code: 'ECONNREFUSED'}),
      {kind: 'postgres', url: 'postgres://nss:secret@127.0.0.1:1/nss'}) as InfrastructureError
    expect(refused).to.be.instanceOf(InfrastructureError)
    expect(refused.message).to.equal('the store postgres://nss:***@127.0.0.1:1/nss cannot be used: nothing answers at that address (is the server running?) (ECONNREFUSED)')
    expect(refused.in('ja').message).to.match(JAPANESE).and.include('postgres://nss:***@127.0.0.1:1/nss').and.not.include('secret')
    const full = translateStoreError(Object.assign(new Error('disk full'), {code: 'SQLITE_FULL'}), {kind: 'sqlite', path: '/x'}) as InfrastructureError
    expect(full.message).to.equal('the disk holding the store is full (SQLITE_FULL)')
    expect(full.in('ja').message).to.equal('ストアのディスクがいっぱいです(SQLITE_FULL)。')
  })
})

describe('the English of the errors the server and the store replaced (issue 13)', () => {
  it('is kept word for word', () => {
    expect(SERVER_EN['server.bodyNotJson']({where: 'body:1:1', reason: 'unexpected character'})).to.equal('body:1:1: not valid JSON: unexpected character')
    expect(SERVER_EN['server.readOnlyToken']()).to.equal('this API token is read-only: it cannot change anything')
    expect(SERVER_EN['server.rateLimited']({max: 3000, seconds: 12})).to.equal('too many requests: at most 3000 a minute; try again in 12 s')
    expect(STORE_EN['store.noStore']({file: '/srv/nss/nss.sqlite'})).to.equal('no store at /srv/nss/nss.sqlite: run `nss init` first')
    expect(STORE_EN['store.issueTargetNotEmpty']({table: 'offices', count: 1})).to.equal('the target is not empty: offices has 1 row')
    expect(STORE_EN['store.issueTargetNotEmpty']({table: 'offices', count: 2})).to.equal('the target is not empty: offices has 2 rows')
  })
})

/**
 * SPEC §14 on either store: `nss status` and its login read through the read models, so the process
 * loads neither TypeORM nor the other store's driver; on PostgreSQL it loads `pg` and on SQLite
 * better-sqlite3, nothing more of the store.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {nss, seededDesk, tempHome} from '../support/cli'
import {applyAndQuery} from '../support/replies'
import {TEST_STORE} from '../support/store'

describe(`nss status loads only its own store's driver (SPEC §14, on ${TEST_STORE})`, () => {
  it('reads an application and the list without loading TypeORM', () => {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    const tracer = path.join(__dirname, '..', 'support', 'module-tracer.js')
    for (const args of [['status', receiptNo, '--json'], ['status', '--json']]) {
      const trace = path.join(tempHome(), 'modules.json')
      const result = nss(args, {env: {...desk.office, NSS_MODULE_TRACE: trace, NODE_OPTIONS: `--require ${tracer}`, NSS_COMPILE_CACHE: 'off'}})
      expect(result.code, result.stderr).to.equal(0)
      const modules = JSON.parse(fs.readFileSync(trace, 'utf8')) as string[]
      const packages = new Set(modules.map(m => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1]).filter(Boolean))
      expect(packages.has('typeorm'), `${args.join(' ')} loaded TypeORM`).to.equal(false)
      expect(packages.has('pg'), `${args.join(' ')} and pg`).to.equal(TEST_STORE === 'postgres')
      expect(packages.has('better-sqlite3'), `${args.join(' ')} and better-sqlite3`).to.equal(TEST_STORE === 'sqlite')
    }
  })
})

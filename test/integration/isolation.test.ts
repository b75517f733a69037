/**
 * Offices are isolated from each other, and logins are checked and throttled (SPEC §9): acting on
 * another office's application is exit 4 and changes nothing; wrong credentials are exit 4 whether or
 * not the account exists; repeated failures lock the account for NSS_LOCK_MINUTES; issued passwords are
 * for the applying office only (SPEC §7).
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, nssAsync, openStoreReadOnly, seededDesk, TEST_MODE, wrongCredentials} from '../support/cli'

function must(result: CliResult, what: string): any {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`)
  return result.json
}

describe('isolation between offices and login checks', () => {
  let desk: ReturnType<typeof seededDesk>
  /** NACCS01's application under query: the owner could amend or withdraw it. */
  let underQuery: string
  /** NACCS01's completed application with issued passwords. */
  let completed: string
  let passwords: string[]
  /** The reviewer's view of an application as text, compared byte for byte. */
  const reviewerView = (receiptNo: string) => {
    const result = nss(['status', receiptNo, '--json'], {env: desk.reviewer})
    must(result, `status ${receiptNo}`)
    return result.stdout
  }

  before(function () {
    this.timeout(120_000)
    desk = seededDesk()
    const apply = () => must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}), 'apply').receiptNo
    underQuery = apply()
    must(nss(['review', underQuery, '--query', 'ご確認ください。', '--json'], {env: desk.reviewer}), 'query')
    completed = apply()
    must(nss(['review', completed, '--complete', '', '--json'], {env: desk.reviewer}), 'complete')
    passwords = must(nss(['status', completed, '--passwords', '--json'], {env: desk.office}), 'passwords')
      .passwords.map((p: {password: string}) => p.password)
  })

  describe("another office on NACCS01's applications", () => {
    const attempts: [string, (r: {underQuery: string; completed: string}) => string[]][] = [
      ['status R', r => ['status', r.underQuery, '--json']],
      ['status R --passwords', r => ['status', r.completed, '--passwords', '--json']],
      ['amend R', r => ['amend', r.underQuery, '--file', path.join(EXAMPLES, 'amend.json'), '--json']],
      ['withdraw R', r => ['withdraw', r.underQuery, '--json']],
    ]
    for (const [what, argsOf] of attempts) {
      it(`refuses OTHER01's ${what} on NACCS01's application with exit 4 (permission, not 3 "not found": SPEC §9), revealing and changing nothing`, () => {
        const before = [reviewerView(underQuery), reviewerView(completed)]
        const result = nss(argsOf({underQuery, completed}), {env: desk.other})
        expect(result.code, result.stderr + result.stdout).to.equal(4)
        expect(result.json?.error?.code).to.be.a('string')
        const output = result.stdout + result.stderr
        expect(output).to.not.include('通関 太郎')
        expect(output).to.not.include('taro@example.jp')
        for (const password of passwords) expect(output).to.not.include(password)
        expect([reviewerView(underQuery), reviewerView(completed)]).to.deep.equal(before)
      })
    }

    it("does not list NACCS01's applications or news in OTHER01's status", () => {
      const list = must(nss(['status', '--json'], {env: desk.other}), 'status')
      expect(list.applications).to.deep.equal([])
      expect(list.news).to.deep.equal([])
    })
  })

  describe('credentials', () => {
    it('refuses a wrong password (remote: an unknown token) with exit 4', () => {
      const result = nss(['status', '--json'], {env: wrongCredentials(desk.office)})
      expect(result.code, result.stderr + result.stdout).to.equal(4)
      expect(result.json?.error?.code).to.be.a('string')
      expect(result.stdout).to.not.include(underQuery)
    })

    // Logins are local here; through the server they are test/integration/server-security.test.ts's.
    if (TEST_MODE === 'local') it('refuses an unknown office with exit 4 and the same message shape as a wrong password', () => {
      const wrongPassword = nss(['status', '--json'], {env: {...desk.other, NSS_PASSWORD: 'wrong-password-9'}})
      const unknown = nss(['status', '--json'], {env: {...desk.office, NSS_OFFICE: 'NOSUCH01', NSS_PASSWORD: 'wrong-password-9'}})
      expect(unknown.code, unknown.stderr + unknown.stdout).to.equal(4)
      expect(wrongPassword.code).to.equal(4)
      expect(unknown.json.error.code).to.equal(wrongPassword.json.error.code)
      expect(unknown.json.error.message.replace('NOSUCH01', 'CODE'))
        .to.equal(wrongPassword.json.error.message.replace('OTHER01', 'CODE'))
    })

    it('refuses a reviewer (NSS_REVIEWER) asking for issued passwords with exit 4 and shows none', () => {
      const result = nss(['status', completed, '--passwords', '--json'], {env: desk.reviewer})
      expect(result.code, result.stderr + result.stdout).to.equal(4)
      for (const password of passwords) expect(result.stdout + result.stderr).to.not.include(password)
    })

    it('refuses a reviewer (--reviewer r.sato) asking for issued passwords with exit 4, a permission error, and shows none', () => {
      const result = nss(['status', completed, '--passwords', '--reviewer', 'r.sato', '--json'], {env: {...desk.reviewer, NSS_REVIEWER: undefined}})
      expect(result.code, result.stderr + result.stdout).to.equal(4)
      for (const password of passwords) expect(result.stdout + result.stderr).to.not.include(password)
    })
  })

  // The lock of local logins; the server's logins and their throttle: test/integration/server-security.test.ts.
  if (TEST_MODE === 'local') describe('throttling with NSS_LOCK_THRESHOLD=3 and NSS_LOCK_MINUTES=10', () => {
    const T0 = Date.parse('2026-12-01T10:00:00+09:00')
    const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString()
    const lockEnv = {NSS_LOCK_THRESHOLD: '3', NSS_LOCK_MINUTES: '10'}
    const login = (password: string, seconds: number) =>
      nss(['status', '--json'], {env: {...desk.other, ...lockEnv, NSS_PASSWORD: password}, at: at(seconds)})
    const rightPassword = () => desk.other.NSS_PASSWORD

    before(() => {
      // A successful login clears the failures the tests above left on OTHER01.
      must(login(rightPassword(), -60), 'login')
    })

    it('refuses the right password after 3 wrong ones with exit 4 and the answer an unknown office gets (a lock reveals nothing)', () => {
      for (const seconds of [0, 10, 20]) expect(login('wrong-password-9', seconds).code).to.equal(4)
      const refused = login(rightPassword(), 60)
      expect(refused.code, refused.stderr + refused.stdout).to.equal(4)
      expect(refused.json.error.message).to.match(/lock|ロック/i)
      const unknown = nss(['status', '--json'], {env: {...desk.other, ...lockEnv, NSS_OFFICE: 'NOSUCH01'}, at: at(61)})
      expect(unknown.code).to.equal(4)
      expect(refused.json.error.code).to.equal(unknown.json.error.code)
      expect(refused.json.error.message.replace('OTHER01', 'CODE')).to.equal(unknown.json.error.message.replace('NOSUCH01', 'CODE'))
      expect(refused.stderr + refused.stdout).to.not.match(/try again after|\d{4}-\d\d-\d\dT/)
    })

    it('accepts the right password again once the lock has expired', () => {
      const accepted = login(rightPassword(), 11 * 60)
      expect(accepted.code, accepted.stderr + accepted.stdout).to.equal(0)
      expect(accepted.json.applications).to.be.an('array')
    })
  })

  if (TEST_MODE === 'local') describe('throttling under concurrent logins (issue 11 point 9)', () => {
    const THRESHOLD = 5

    it('checks at most the threshold of 20 concurrent wrong passwords against the hash, lets the right one in only within it, and ends locked', async function () {
      this.timeout(240_000)
      const fresh = seededDesk()
      const env = {...fresh.other, NSS_LOCK_THRESHOLD: String(THRESHOLD), NSS_LOCK_MINUTES: '15'}
      const wrong = Array.from({length: 20}, () => nssAsync(['status', '--json'], {env: {...env, NSS_PASSWORD: 'wrong-password-9'}}))
      const right = nssAsync(['status', '--json'], {env})
      const results = await Promise.all(wrong)
      const rightResult = await right

      for (const result of results) expect(result.code, result.stderr + result.stdout).to.equal(4)
      expect([0, 4], rightResult.stderr + rightResult.stdout).to.include(rightResult.code)
      const accepted = rightResult.code === 0

      // Each wrong password checked against the hash leaves one audit row naming its place in the count.
      const store = openStoreReadOnly(fresh.home)
      let failures: {action: string; detail: string}[]
      let account: {failedLogins: number; lockedUntil: string | null}
      try {
        failures = store.prepare("SELECT action, detail FROM audit_events WHERE actor = 'office:OTHER01' AND action LIKE 'login_%' ORDER BY id").all() as typeof failures
        account = store.prepare("SELECT failedLogins, lockedUntil FROM offices WHERE code = 'OTHER01'").get() as typeof account
      } finally {
        store.close()
      }
      const positions = failures.map(f => Number(/^failure (\d+)/.exec(f.detail)?.[1]))
      const summary = `right password ${accepted ? 'accepted' : 'refused'}; ${failures.length} wrong passwords checked, at places ${positions.join(', ')}`
      console.log(`      ${summary}`)
      // One at a time, a right password starts the count again: at most threshold − 1 failures before
      // it and threshold after it; without it in the count, at most the threshold.
      expect(failures.length, summary).to.be.at.most(accepted ? 2 * THRESHOLD - 1 : THRESHOLD)
      expect(failures.length, summary).to.be.at.least(THRESHOLD)
      for (const position of positions) expect(position, summary).to.be.within(1, THRESHOLD)
      for (let place = 1; place <= THRESHOLD; place++) {
        expect(positions.filter(p => p === place).length, summary).to.be.at.most(accepted ? 2 : 1)
      }
      expect(failures.filter(f => f.action === 'login_locked').length, summary).to.be.at.least(1)

      // The office ends locked: the right password is refused now, with the answer an unknown office gets.
      expect(account.lockedUntil, summary).to.be.a('string')
      expect(Date.parse(account.lockedUntil!)).to.be.greaterThan(Date.now())
      const refused = nss(['status', '--json'], {env})
      const unknown = nss(['status', '--json'], {env: {...env, NSS_OFFICE: 'NOSUCH01'}})
      expect(refused.code, refused.stderr + refused.stdout).to.equal(4)
      expect(refused.json.error.message.replace('OTHER01', 'CODE')).to.equal(unknown.json.error.message.replace('NOSUCH01', 'CODE'))
    })

    it('lets eight concurrent logins with the right password all in, leaving the office unlocked (a right password is never counted: it waits its turn)', async function () {
      this.timeout(240_000)
      const fresh = seededDesk()
      const env = {...fresh.other, NSS_LOCK_THRESHOLD: String(THRESHOLD), NSS_LOCK_MINUTES: '15'}
      const results = await Promise.all(Array.from({length: 8}, () => nssAsync(['status', '--json'], {env})))
      for (const result of results) expect(result.code, result.stderr + result.stdout).to.equal(0)
      const store = openStoreReadOnly(fresh.home)
      try {
        expect(store.prepare("SELECT failedLogins, lockedUntil FROM offices WHERE code = 'OTHER01'").get()).to.deep.equal({failedLogins: 0, lockedUntil: null})
      } finally {
        store.close()
      }
    })
  })
})

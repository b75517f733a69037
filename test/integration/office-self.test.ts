/**
 * `nss office show` for the acting office itself (issue 13, 契約内容確認), through the real CLI: locally
 * (SQLite, or PostgreSQL with NSS_TEST_STORE=postgres) and against a real `nss serve` over TLS
 * (NSS_TEST_MODE=remote). Without a code the office sees its own contract — user codes with 区分 and
 * 業種, every user ID with 処理方式 (the seed's 利用者ID一覧), the registration changes a completed
 * application scheduled — and nothing secret; another office's code is exit 4; a reviewer names any
 * office; ops on the desk's host still see any office by its code.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {EXAMPLES, nss, seededDesk, TEST_MODE} from '../support/cli'

const must = (result: ReturnType<typeof nss>, what: string) => {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result
}

describe(`nss office show: the acting office's own contract (issue 13, ${TEST_MODE})`, function () {
  this.timeout(180_000)
  let desk: ReturnType<typeof seededDesk>
  let completed: string

  before(() => {
    desk = seededDesk()
    // The example application changes 1BNAC's registration; completed, the change is scheduled.
    completed = must(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: desk.office}), 'apply').json.receiptNo
    must(nss(['review', completed, '--complete', '', '--json'], {env: desk.reviewer}), 'complete')
  })

  after(() => {
    if (desk) fs.rmSync(desk.home, {recursive: true, force: true})
  })

  it('shows the office its own user codes with 区分 and 業種, every user ID with 処理方式, and the scheduled changes', () => {
    const view = must(nss(['office', 'show', '--json'], {env: desk.office}), 'office show').json
    expect(view.code).to.equal('NACCS01')
    expect(view.userCodes.map((u: any) => [u.code, u.systemClass, u.industry])).to.deep.equal([
      ['1ANAC', 'shared', '通関輸出入'], ['1BNAC', 'shared', '通関'], ['1CNAC', 'sea', '船社'],
    ])
    expect(view.userCodes[0].userIds.map((i: any) => [i.userId, i.method])).to.have.deep.members([
      ['1ANACA0A', 'net'], ['1ANACA0B', 'net'], ['1ANACA01', 'interactive'], ['1ANACA02', 'interactive'], ['1ANACA03', 'interactive_pop3'],
    ])
    const scheduled = view.userCodes.find((u: any) => u.code === '1BNAC').scheduled
    expect(scheduled.map((s: any) => [s.receiptNo, s.changes])).to.deep.equal([[completed, {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}]])
    expect(scheduled[0].effectiveDate).to.match(/^\d{4}-\d{2}-\d{2}$/)
    // Of the password only whether one is set: no hash leaves the desk.
    expect(Object.keys(view).sort()).to.deep.equal(['adminEmail', 'adminName', 'code', 'hasPassword', 'locale', 'name', 'userCodes'])
    expect(view.hasPassword).to.equal(true)
    expect(JSON.stringify(view)).to.not.match(/scrypt|passwordHash/)

    const screen = must(nss(['office', 'show'], {env: desk.office}), 'office show screen').stdout
    for (const words of ['事業所情報', '区分', '業種', '利用者ID一覧', '処理方式', '1ANACA03', 'インタ・POP3併用', '通関輸出入', 'TOKYO OFFICE 2']) {
      expect(screen, words).to.include(words)
    }
  })

  it('takes the office\'s own code, and refuses another office\'s (or an unknown) code with exit 4, showing nothing of it', () => {
    expect(must(nss(['office', 'show', 'naccs01', '--json'], {env: desk.office}), 'own code').json.code).to.equal('NACCS01')
    for (const code of ['OTHER01', 'NOSUCH99']) {
      const refused = nss(['office', 'show', code, '--json'], {env: desk.office})
      expect(refused.code, `${code}: ${refused.stderr}`).to.equal(4)
      expect(refused.json.error.code).to.equal('forbidden')
      expect(refused.stdout).to.not.include('アザー物流')
    }
    const other = must(nss(['office', 'show', '--json'], {env: desk.other}), 'the other office').json
    expect(other.code).to.equal('OTHER01')
    expect(nss(['office', 'show', 'NACCS01', '--json'], {env: desk.other}).code).to.equal(4)
  })

  it('shows a reviewer any office it names, and asks a reviewer without a code to name one (exit 2)', () => {
    expect(must(nss(['office', 'show', 'OTHER01', '--json'], {env: desk.reviewer}), 'reviewer').json.code).to.equal('OTHER01')
    const unnamed = nss(['office', 'show', '--json'], {env: desk.reviewer})
    expect(unnamed.code, unnamed.stderr).to.equal(2)
    expect(unnamed.json.error.issues).to.deep.equal([{path: 'code', message: '審査担当者は事業所コードの指定が必要です。'}])
    expect(nss(['office', 'show', 'NOSUCH99', '--json'], {env: desk.reviewer}).code).to.equal(3)
  })

  it('refuses a wrong password or token (exit 4)', () => {
    const env = TEST_MODE === 'remote' ? {...desk.office, NSS_TOKEN: `nssd_${'x'.repeat(49)}`} : {...desk.office, NSS_PASSWORD: 'wrong-password-9'}
    expect(nss(['office', 'show', '--json'], {env}).code).to.equal(4)
  })

  it('keeps `nss office show CODE` for ops on the desk\'s host (no actor): any office; without a code it asks who acts (exit 4)', () => {
    const ops = must(nss(['office', 'show', 'OTHER01', '--json'], {env: desk.ops}), 'ops').json
    expect(ops.code).to.equal('OTHER01')
    const mine = must(nss(['office', 'show', 'NACCS01', '--json'], {env: desk.ops}), 'ops NACCS01').json
    expect(mine.userCodes.find((u: any) => u.code === '1BNAC').scheduled).to.have.length(1)
    const unnamed = nss(['office', 'show'], {env: desk.ops})
    expect(unnamed.code).to.equal(4)
    expect(unnamed.stderr).to.include('--office CODE または NSS_OFFICE')
  })
})

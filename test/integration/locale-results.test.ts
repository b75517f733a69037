/**
 * One language at a time (issue 13): the one-line results and the errors around the seed's scenario —
 * the operator's `init`, `office passwd`, `reviewer add`, `token create`, `mail outbox`; a mistyped
 * command, input that is not JSON, a wrong password, no actor, a wrong state, a remote call to a server
 * that is not there, and the use cases' refusals (the state machine, roles, drafts, filters, ids, the
 * password policy, senders, tokens) — are Japanese without NSS_LOCALE and hold no Japanese
 * with NSS_LOCALE=en (but the office's own data). Local mode: the ops commands run on the desk's host.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, OFFICE_PASSWORD, tempHome} from '../support/cli'

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff01-\uff60]/
/** An English sentence: a function word of English prose, which no identifier, code or datum of the desk is. */
const ENGLISH = /\b(the|is|are|not|cannot|must|was|has|have|with|no|an)\b/i
/** What the desk's data says whatever the language: the example offices' names, addresses and the reviewer's. */
const DATA = /佐藤 花子|[\u3000-\u30ff\u3400-\u9fff]+株式会社|株式会社[\u3000-\u30ff\u3400-\u9fff]*/g

function said(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`
}

/** A Japanese run: something is said, in Japanese, and no line of it is an English sentence. */
function japanese(result: CliResult, what: string, code = 0): CliResult {
  expect(result.code, `${what}: ${said(result)}`).to.equal(code)
  const text = said(result)
  expect(text, `${what}: nothing in Japanese`).to.match(JAPANESE)
  expect(text.split('\n').filter(line => ENGLISH.test(line.replace(/`[^`]*`|"[^"]*"|nss [a-z -]+|--[\w-]+/g, ''))), `${what}: English in a Japanese run`).to.deep.equal([])
  return result
}

/** An English run: no Japanese but the data. */
function english(result: CliResult, what: string, code = 0): CliResult {
  expect(result.code, `${what}: ${said(result)}`).to.equal(code)
  expect(said(result).replace(DATA, '').split('\n').filter(line => JAPANESE.test(line)), `${what}: Japanese in an English run`).to.deep.equal([])
  return result
}

for (const locale of ['ja', 'en'] as const) {
  const check = locale === 'ja' ? japanese : english
  const lang: Record<string, string> = locale === 'en' ? {NSS_LOCALE: 'en'} : {}

  describe(`one-line results and errors in ${locale === 'ja' ? 'Japanese without NSS_LOCALE' : 'English with NSS_LOCALE=en'} (issue 13)`, function () {
    this.timeout(120_000)
    let home: string
    let ops: Record<string, string>
    let office: Record<string, string>

    before(() => {
      home = tempHome()
      ops = {NSS_HOME: home, ...lang}
      office = {...ops, NSS_OFFICE: 'NACCS01', NSS_PASSWORD: OFFICE_PASSWORD}
    })

    after(() => home && fs.rmSync(home, {recursive: true, force: true}))

    it('says the operator\'s one-line results in one language: init, office import, passwd, reviewer add, token create, an empty and a full outbox', () => {
      check(nss(['init'], {env: ops}), 'init')
      check(nss(['init'], {env: ops}), 'init again')
      check(nss(['office', 'import', path.join(EXAMPLES, 'offices.json')], {env: ops}), 'office import')
      check(nss(['office', 'passwd', 'NACCS01'], {env: {...ops, NSS_PASSWORD: OFFICE_PASSWORD}}), 'office passwd')
      check(nss(['reviewer', 'add', 'r.sato', '--name', '佐藤 花子'], {env: {...ops, NSS_PASSWORD: 'reviewer-pass-3'}}), 'reviewer add')
      check(nss(['token', 'create', '--office', 'NACCS01', '--name', 'nightly'], {env: ops}), 'token create')
      check(nss(['token', 'list'], {env: ops}), 'token list')
      check(nss(['mail', 'outbox'], {env: ops}), 'empty outbox')
      check(nss(['apply', '--file', path.join(EXAMPLES, 'application.json')], {env: office}), 'apply')
      check(nss(['mail', 'outbox'], {env: ops}), 'outbox')
    })

    it('says the errors in one language, on the screen and in --json', () => {
      const dir = tempHome()
      const broken = path.join(dir, 'broken.json')
      fs.writeFileSync(broken, '{"contact": ')
      for (const json of [false, true]) {
        const flag = json ? ['--json'] : []
        check(nss(['apply', '--file', broken, ...flag], {env: office}), `not JSON ${flag}`, 2)
        check(nss(['apply', '--file', path.join(dir, 'missing.json'), ...flag], {env: office}), `no file ${flag}`, 3)
        check(nss(['status', ...flag], {env: {...office, NSS_PASSWORD: 'wrong-password-9'}}), `wrong password ${flag}`, 4)
        check(nss(['status', ...flag], {env: ops}), `no actor ${flag}`, 4)
        check(nss(['office', 'show', 'NOSUCH1', ...flag], {env: ops}), `unknown office ${flag}`, 3)
        check(nss(['status', ...flag], {env: {...office, NSS_HOME: dir, NSS_URL: 'https://127.0.0.1:9', NSS_TOKEN: 'nssd_x'}}), `unreachable server ${flag}`, 6)
      }
      check(nss(['stauts'], {env: office}), 'a mistyped command', 2)
      check(nss(['status', '--no-such-flag'], {env: office}), 'an unknown flag', 2)
      fs.rmSync(dir, {recursive: true, force: true})
    })

    it('says the refusals of the use cases in one language: the state machine, roles, drafts, filters, ids, the password policy, senders, tokens', () => {
      const receiptNo = nss(['status', '--json'], {env: office}).json.applications[0].receiptNo as string
      const reviewer = {...ops, NSS_REVIEWER: 'r.sato', NSS_PASSWORD: 'reviewer-pass-3'}
      for (const json of [false, true]) {
        const flag = json ? ['--json'] : []
        check(nss(['amend', receiptNo, '--file', path.join(EXAMPLES, 'amend.json'), ...flag], {env: office}), `amend a received application ${flag}`, 5)
        check(nss(['review', receiptNo, '--take', ...flag], {env: office}), `an office taking an application ${flag}`, 4)
        check(nss(['review', receiptNo, '--query', '', ...flag], {env: reviewer}), `a query without a notice ${flag}`, 2)
        check(nss(['draft', 'show', 'D0123456789ABCDEF', ...flag], {env: office}), `an unknown draft ${flag}`, 3)
        check(nss(['draft', 'show', 'nope', ...flag], {env: office}), `not a draft id ${flag}`, 2)
        check(nss(['status', '--since', '2026-13-45', '--status', 'nope', ...flag], {env: office}), `a bad filter ${flag}`, 2)
        check(nss(['status', 'nope', ...flag], {env: office}), `not a receipt number ${flag}`, 2)
        check(nss(['mail', 'retry', '999', ...flag], {env: ops}), `an unknown mail ${flag}`, 3)
        check(nss(['passwd', ...flag], {env: {...office, NSS_NEW_PASSWORD: 'naccs01'}}), `a password the policy refuses ${flag}`, 2)
        check(nss(['office', 'senders', 'add', 'desk@@example', ...flag], {env: office}), `a bad sender ${flag}`, 2)
        check(nss(['token', 'create', '--office', 'NOSUCH01', '--name', 'x', ...flag], {env: ops}), `a token for no office ${flag}`, 3)
      }
    })
  })
}

/**
 * One language at a time (issue 13): NSS_LOCALE takes `ja` or `en` and refuses anything else, before
 * anything runs, in both modes of the CLI; with `en` the screens of a Japanese office's data and the
 * one-line results are English; unset, each office's own language as before.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk, SeededDesk} from '../support/cli'
import {createToken, startServerSync, testCa} from '../support/server'

const APPLICATION = path.join(EXAMPLES, 'application.json')

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result
}

describe('NSS_LOCALE: one language at a time (issue 13)', function () {
  this.timeout(120_000)
  let desk: SeededDesk

  before(() => {
    desk = seededDesk()
  })

  it('refuses a locale that is neither ja nor en with exit 6 naming NSS_LOCALE, changing nothing', () => {
    for (const args of [['status', '--json'], ['apply', '--file', APPLICATION, '--json'], ['mail', 'outbox', '--json']]) {
      const result = nss(args, {env: {...desk.office, NSS_LOCALE: 'fr'}})
      expect(result.code, args.join(' ')).to.equal(6)
      expect(result.json.error.issues.map((i: any) => i.path), args.join(' ')).to.deep.equal(['NSS_LOCALE'])
    }
    expect(must(nss(['status', '--json'], {env: desk.office}), 'status').json.total).to.equal(0)
    const human = nss(['status'], {env: {...desk.office, NSS_LOCALE: 'de'}})
    expect(human.code).to.equal(6)
    expect(human.stderr).to.contain('NSS_LOCALE').and.contain('ja か en を指定してください')
  })

  it('speaks English with NSS_LOCALE=en to an office whose own language is Japanese, and Japanese without it', () => {
    const en = {...desk.office, NSS_LOCALE: 'en'}
    const applied = must(nss(['apply', '--file', APPLICATION], {env: en}), 'apply').stdout
    expect(applied).to.match(/^System settings application received\. Receipt no\. \d{7}C/)
    const receiptNo = /Receipt no\. (\d{7}C)/.exec(applied)![1]
    const screen = must(nss(['status', receiptNo], {env: en}), 'status').stdout
    expect(screen).to.contain('System settings application').and.contain('Receipt no.')
    expect(screen).not.to.contain('申込概要')
    const list = must(nss(['status'], {env: en}), 'list').stdout
    expect(list).to.contain('Receipt no.').and.not.contain('受付番号')
    const queue = must(nss(['status'], {env: {...desk.reviewer, NSS_LOCALE: 'en'}}), 'queue').stdout
    expect(queue).to.match(/Receipt no\. +Status +Due +Left +Owner +Last activity +Office/)
    expect(must(nss(['status', receiptNo], {env: desk.office}), 'status ja').stdout).to.contain('申込概要')
    // JSON is the same whatever the language: labels are data.
    const json = must(nss(['status', receiptNo, '--json'], {env: en}), 'json').json
    expect(json.statusLabel).to.equal('申込受付')
  })

  it('does the same through the desk server', () => {
    const server = startServerSync(desk.home)
    try {
      const remote = {
        NSS_HOME: `${desk.home}-client`, NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: '',
        NSS_TOKEN: createToken(desk.home, {office: 'NACCS01'}).token,
      }
      const refused = nss(['status', '--json'], {env: {...remote, NSS_LOCALE: 'fr'}})
      expect(refused.code).to.equal(6)
      expect(refused.json.error.issues[0].path).to.equal('NSS_LOCALE')
      expect(must(nss(['status'], {env: {...remote, NSS_LOCALE: 'en'}}), 'remote list').stdout).to.contain('Receipt no.')
    } finally {
      void server.stop()
    }
  })
})

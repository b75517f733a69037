/**
 * The rough edges a new user met (issue 13), through the real CLI, in local mode and — for everything
 * the remote mode carries — against a real `nss serve` over TLS: date flags in both forms, the actor
 * with both NSS_OFFICE and NSS_REVIEWER set, the office in the review queue, a mistyped command, who
 * the receipt mail went to, and long notices in 進行状況.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import stringWidth from 'string-width'
import {CliResult, EXAMPLES, nss, OFFICE_PASSWORD, REVIEWER_PASSWORD, seededDesk, SeededDesk} from '../support/cli'
import {createToken, startServerSync, testCa, TestServer} from '../support/server'

const APPLICATION = path.join(EXAMPLES, 'application.json')
/** A Monday; the registration dates below are business days of that week. */
const AT = '2026-12-07T10:00:00+09:00'

function must(result: CliResult, what: string): any {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(0)
  return result.json
}

interface Actors {
  mode: 'local' | 'remote'
  office: Record<string, string>
  reviewer: Record<string, string>
}

describe('rough edges a new user met (issue 13)', function () {
  this.timeout(180_000)
  let desk: SeededDesk
  let server: TestServer
  let client: string
  let local: Actors
  let remote: Actors
  const apply = (actors: Actors): string => must(nss(['apply', '--file', APPLICATION, '--json'], {env: actors.office, at: AT}), `${actors.mode} apply`).receiptNo

  before(() => {
    desk = seededDesk()
    server = startServerSync(desk.home)
    client = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-test-client-'))
    const wire = {NSS_HOME: client, NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: ''}
    local = {mode: 'local', office: {...desk.office, NSS_URL: ''}, reviewer: {...desk.reviewer, NSS_URL: ''}}
    remote = {
      mode: 'remote',
      office: {...wire, NSS_TOKEN: createToken(desk.home, {office: 'NACCS01'}).token},
      reviewer: {...wire, NSS_TOKEN: createToken(desk.home, {reviewer: 'r.sato'}).token},
    }
  })

  after(async () => {
    await server.stop()
    fs.rmSync(client, {recursive: true, force: true})
  })

  it('takes --since and --registration-date as YYYYMMDD or YYYY-MM-DD (full-width digits too), and refuses any other form naming the flag', () => {
    for (const [actors, registrationDate] of [[local, '2026-12-10'], [remote, '２０２６１２１０']] as const) {
      const receiptNo = apply(actors)
      for (const since of ['2026-12-07', '20261207', '２０２６－１２－０７']) {
        const list = must(nss(['status', '--since', since, '--json'], {env: actors.office, at: AT}), `${actors.mode} --since ${since}`)
        expect(list.applications.map((a: {receiptNo: string}) => a.receiptNo), `${actors.mode} --since ${since}`).to.include(receiptNo)
      }
      expect(must(nss(['status', '--since', '20261208', '--json'], {env: actors.office, at: AT}), 'later').applications).to.deep.equal([])
      const badSince = nss(['status', '--since', '2026/12/07'], {env: actors.office, at: AT})
      expect(badSince.code, actors.mode).to.equal(2)
      expect(badSince.stderr, actors.mode).to.contain('nss: --since に指定された「2026/12/07」は正しい日付ではありません。').and.contain('YYYYMMDD または YYYY-MM-DD')

      const badDate = nss(['review', receiptNo, '--complete', '', '--registration-date', '2026/12/10', '--json'], {env: actors.reviewer, at: AT})
      expect(badDate.code, actors.mode).to.equal(2)
      expect(badDate.json.error.message, actors.mode).to.equal('--registration-date に指定された「2026/12/10」は正しい日付ではありません。')
      expect(badDate.json.error.issues, actors.mode).to.deep.equal([{path: 'registration-date', message: '実在する日付を YYYYMMDD または YYYY-MM-DD で指定してください。'}])
      must(nss(['review', receiptNo, '--complete', '', '--registration-date', registrationDate, '--json'], {env: actors.reviewer, at: AT}), `${actors.mode} complete`)
      expect(must(nss(['status', receiptNo, '--json'], {env: actors.office, at: AT}), 'show').registrationDate, actors.mode).to.equal('2026-12-10')
    }
  })

  it('with both NSS_OFFICE and NSS_REVIEWER set, acts as the one role a verb has; status asks, naming --office and --reviewer, as it does with neither', () => {
    const both = {NSS_HOME: desk.home, NSS_OFFICE: 'NACCS01', NSS_REVIEWER: 'r.sato', NSS_URL: ''}
    const asOffice = {...both, NSS_PASSWORD: OFFICE_PASSWORD}
    const asReviewer = {...both, NSS_PASSWORD: REVIEWER_PASSWORD}
    const receiptNo = must(nss(['apply', '--file', APPLICATION, '--json'], {env: asOffice, at: AT}), 'apply with both set').receiptNo
    expect(must(nss(['review', receiptNo, '--complete', '', '--json'], {env: asReviewer, at: AT}), 'review with both set').status).to.equal('completed')
    expect(must(nss(['status', receiptNo, '--passwords', '--json'], {env: asOffice, at: AT}), '--passwords with both set').passwords).to.have.length(2)
    const other = must(nss(['apply', '--file', APPLICATION, '--json'], {env: asOffice, at: AT}), 'apply').receiptNo
    expect(must(nss(['withdraw', other, '--json'], {env: asOffice, at: AT}), 'withdraw with both set').status).to.equal('withdrawn')

    const ambiguous = nss(['status'], {env: asOffice, at: AT})
    expect(ambiguous.code).to.equal(2)
    expect(ambiguous.stderr).to.contain('NSS_OFFICE と NSS_REVIEWER の両方が設定されています').and.contain('--office CODE').and.contain('--reviewer ID')
    expect(must(nss(['status', '--reviewer', 'r.sato', '--json'], {env: asReviewer, at: AT}), 'status --reviewer with both set')).to.have.property('isReviewQueue', true)
    const nobody = nss(['status'], {env: {NSS_HOME: desk.home, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: OFFICE_PASSWORD, NSS_URL: ''}, at: AT})
    expect(nobody.code).to.equal(4)
    expect(nobody.stderr).to.contain('--office CODE').and.contain('--reviewer ID')

    // Remote mode: the token says who acts, whatever the environment names.
    const remoteBoth = {...remote.reviewer, NSS_OFFICE: 'NACCS01', NSS_REVIEWER: 'r.sato'}
    expect(must(nss(['status', '--json'], {env: remoteBoth, at: AT}), 'remote status with both set').isReviewQueue).to.equal(true)
  })

  it("shows the office in the reviewer's queue, even when one office fills it, and not in an office's own list", () => {
    for (const actors of [local, remote]) {
      const receiptNo = apply(actors)
      const queue = nss(['status'], {env: actors.reviewer, at: AT})
      expect(queue.code, queue.stderr).to.equal(0)
      const lines = queue.stdout.split('\n')
      expect(lines.find(line => line.includes('受付番号')), actors.mode).to.match(/最終更新 +事業所$/)
      expect(lines.find(line => line.includes(receiptNo)), actors.mode).to.match(/NACCS01$/)
      const own = nss(['status'], {env: actors.office, at: AT}).stdout.split('\n')
      expect(own.find(line => line.includes('受付番号')), actors.mode).to.match(/申込日時$/)
    }
  })

  it('answers a mistyped command with the nearest one, exit 2, as nss says its errors', () => {
    const typo = nss(['stauts'], {env: {NSS_HOME: desk.home}})
    expect(typo.code).to.equal(2)
    expect(typo.stderr).to.equal('nss: コマンド stauts はありません。status のことですか?\n  - argv: コマンドの一覧は nss --help で確認できます。\n')
    const json = nss(['stauts', '--json'], {env: {NSS_HOME: desk.home}})
    expect(json.code).to.equal(2)
    expect(json.json.error).to.include({code: 'invalid_input', message: 'コマンド stauts はありません。status のことですか?'})
    expect(nss(['office', 'shw', 'NACCS01'], {env: {NSS_HOME: desk.home}}).stderr).to.contain('nss: コマンド office shw はありません。office show のことですか?')
    expect(nss(['offce', 'show', 'NACCS01'], {env: {NSS_HOME: desk.home}}).stderr).to.contain('nss: コマンド offce show はありません。office show のことですか?')
    const nothingNear = nss(['xyzzy'], {env: {NSS_HOME: desk.home}})
    expect(nothingNear.code).to.equal(2)
    expect(nothingNear.stderr).to.equal('nss: コマンド xyzzy はありません。\n  - argv: コマンドの一覧は nss --help で確認できます。\n')
  })

  it('says after apply that the receipt mail went to the 申込担当者 and the 管理責任者', () => {
    for (const actors of [local, remote]) {
      const applied = nss(['apply', '--file', APPLICATION], {env: actors.office, at: AT})
      expect(applied.code, applied.stderr).to.equal(0)
      const lines = applied.stdout.trimEnd().split('\n')
      expect(lines[0], actors.mode).to.match(/^システム設定申込の受付が完了しました。申込受付番号「\w{8}」$/)
      expect(lines[1], actors.mode).to.equal('システム設定申込受付完了のメールを申込担当者および管理責任者宛てに送信しましたので、ご確認ください。')
    }
    const english = nss(['apply', '--file', APPLICATION], {env: {...local.office, NSS_LOCALE: 'en'}, at: AT})
    expect(english.stdout).to.contain('The receipt mail has been sent to the contact person and the administrator')
  })

  it('wraps a long notice in 進行状況 at the terminal width (COLUMNS when piped), and at the screen\'s width without one', () => {
    const notice = `${'こちらのパスワード初期化は承る事が出来ません。'.repeat(5)}詳しくは https://www.naccs.jp/support/system-settings/password-reset/faq.html をご覧ください。`
    for (const actors of [local, remote]) {
      const receiptNo = apply(actors)
      must(nss(['review', receiptNo, '--query', notice, '--json'], {env: actors.reviewer, at: AT}), `${actors.mode} query`)
      const narrow = nss(['status', receiptNo], {env: {...actors.office, COLUMNS: '60'}, at: AT})
      expect(narrow.code, narrow.stderr).to.equal(0)
      for (const line of narrow.stdout.split('\n')) expect(stringWidth(line), `${actors.mode}: ${line}`).to.be.at.most(60)
      // The notice, read back from its column: the rows below the header and the rule, less the item and the date.
      const progress = narrow.stdout.slice(narrow.stdout.indexOf('進行状況')).split('\n\n')[0].split('\n').slice(3)
      const column = progress.map(line => line.replace(/システム設定申込|回答|\(内容確認\)|\d{4}\/\d{2}\/\d{2}|\s+/g, '')).join('')
      expect(column, actors.mode).to.equal(notice.replace(/\s+/g, ''))

      const piped = nss(['status', receiptNo], {env: actors.office, at: AT}).stdout
      const widest = Math.max(...piped.split('\n').map(line => stringWidth(line)))
      expect(widest, actors.mode).to.be.below(stringWidth(notice))
      expect(piped, actors.mode).not.to.match(/-{150}/)
    }
  })
})

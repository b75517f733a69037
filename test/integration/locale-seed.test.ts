/**
 * One language at a time (issue 13): the seed's scenario walked with NSS_LOCALE=en — apply, the query,
 * the amendment, completion, the issued passwords and the window closing, and the refusals met on the
 * way (an invalid application, an unknown receipt number, another office's application, a wrong state,
 * a wrong password) — says everything in English: every screen, one-line result and error, on stdout
 * and stderr, holds no Japanese but the office's own data. Without NSS_LOCALE the same refusals are
 * Japanese. A contract suite: it runs locally and against `nss serve` (the client sends its language).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, nss, seededDesk, SeededDesk, tempHome, wrongCredentials} from '../support/cli'

const SUBMITTED_AT = '2026-11-19T10:00:00+09:00'
const QUERIED_AT = '2026-11-19T10:30:00+09:00'
const AMENDED_AT = '2026-11-19T11:00:00+09:00'
const COMPLETED_AT = '2026-11-19T15:00:00+09:00'
const AFTER_WINDOW = '2026-11-25T00:00:30+09:00'
const QUERY_NOTICE = 'Please initialize every ID of 1ANAC.'

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff01-\uff60]/

/** Every string of a JSON value, e.g. the names and reasons of an example file. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsOf)
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf)
  return []
}

/** The office's own data, which stays as the office wrote it whatever the reader's language. */
const DATA = [
  ...['application.json', 'amend.json', 'offices.json'].flatMap(file => stringsOf(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')))),
  '佐藤 花子',
].filter(s => JAPANESE.test(s)).sort((a, b) => b.length - a.length)

/**
 * The output with the office's data taken out, and the Japanese text left in it. A review check's
 * `Notice` is written to the office, in the office's language (it is what `--from-check` sends).
 */
function japaneseIn(result: CliResult): string[] {
  let out = `${result.stdout}\n${result.stderr}`.replace(/こちらのパスワード初期化は承る事が出来ません。[^\n]*/g, '')
  for (const value of DATA) out = out.split(value).join('')
  // The 〒-less address and names of the data may be wrapped on a screen: judge line by line, after the data.
  return out.split('\n').filter(line => JAPANESE.test(line))
}

function english(result: CliResult, what: string, code = 0): CliResult {
  expect(result.code, `${what}: ${result.stderr}${result.stdout}`).to.equal(code)
  expect(japaneseIn(result), `${what}: Japanese in an English run`).to.deep.equal([])
  return result
}

describe('NSS_LOCALE=en through the seed scenario: no Japanese but the data (issue 13)', function () {
  this.timeout(180_000)
  let desk: SeededDesk
  let office: Record<string, string>
  let reviewer: Record<string, string>
  let original: string
  let amended: string

  before(() => {
    desk = seededDesk()
    office = {...desk.office, NSS_LOCALE: 'en'}
    reviewer = {...desk.reviewer, NSS_LOCALE: 'en'}
  })

  it('applies, shows the application and the lists, and the reviewer queries, in English', () => {
    const dry = english(nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--dry-run'], {env: office, at: SUBMITTED_AT}), 'apply --dry-run')
    expect(dry.stdout).to.contain('System settings application')
    const applied = english(nss(['apply', '--file', path.join(EXAMPLES, 'application.json')], {env: office, at: SUBMITTED_AT}), 'apply')
    original = /(\d{7}C)/.exec(applied.stdout)![1]
    english(nss(['status', original], {env: office, at: SUBMITTED_AT}), 'status R')
    english(nss(['status'], {env: office, at: SUBMITTED_AT}), 'status')
    english(nss(['status'], {env: reviewer, at: SUBMITTED_AT}), 'queue')
    english(nss(['review', original, '--check'], {env: reviewer, at: SUBMITTED_AT}), 'review --check')
    english(nss(['review', original, '--query', QUERY_NOTICE], {env: reviewer, at: QUERIED_AT}), 'review --query')
    english(nss(['status', original], {env: office, at: QUERIED_AT}), 'status R under query')
  })

  it('refuses in English: invalid input, input that is not JSON, an unknown number, another office, a wrong password', () => {
    const dir = tempHome()
    const invalid = path.join(dir, 'invalid.json')
    fs.writeFileSync(invalid, JSON.stringify({contact: {name: '', kana: 'tanaka', phone: '12', email: 'x'}, timing: 'soon', entries: []}))
    const notJson = path.join(dir, 'broken.json')
    fs.writeFileSync(notJson, '{"contact": ')
    for (const json of [false, true]) {
      const flag = json ? ['--json'] : []
      english(nss(['apply', '--file', invalid, ...flag], {env: office, at: QUERIED_AT}), `invalid apply ${flag}`, 2)
      english(nss(['apply', '--file', notJson, ...flag], {env: office, at: QUERIED_AT}), `not JSON ${flag}`, 2)
      english(nss(['status', '1234567C', ...flag], {env: office, at: QUERIED_AT}), `unknown ${flag}`, 3)
      english(nss(['status', original, ...flag], {env: {...desk.other, NSS_LOCALE: 'en'}, at: QUERIED_AT}), `another office ${flag}`, 4)
      english(nss(['status', ...flag], {env: wrongCredentials(office), at: QUERIED_AT}), `wrong password ${flag}`, 4)
    }
    fs.rmSync(dir, {recursive: true, force: true})
  })

  it('amends, completes, shows the issued passwords and refuses them once the window closed, in English', () => {
    const amendedResult = english(nss(['amend', original, '--file', path.join(EXAMPLES, 'amend.json')], {env: office, at: AMENDED_AT}), 'amend')
    amended = /(\d{7}C)/.exec(amendedResult.stdout.replace(original, ''))![1]
    english(nss(['status', original], {env: office, at: AMENDED_AT}), 'status ORIGINAL')
    english(nss(['review', amended, '--complete', ''], {env: reviewer, at: COMPLETED_AT}), 'complete')
    english(nss(['status', amended], {env: office, at: COMPLETED_AT}), 'status NEW')
    english(nss(['status', amended, '--passwords'], {env: office, at: COMPLETED_AT}), 'passwords')
    english(nss(['amend', amended, '--file', path.join(EXAMPLES, 'amend.json')], {env: office, at: COMPLETED_AT}), 'amend completed', 5)
    english(nss(['withdraw', amended], {env: office, at: COMPLETED_AT}), 'withdraw completed', 5)
    english(nss(['review', amended, '--query', QUERY_NOTICE, '--json'], {env: reviewer, at: COMPLETED_AT}), 'query completed', 5)
    english(nss(['status', amended, '--passwords'], {env: office, at: AFTER_WINDOW}), 'window closed', 5)
  })

  it('says the refusals whose text is in the catalogue in Japanese without NSS_LOCALE', () => {
    for (const [env, code] of [[desk.office, 3], [desk.other, 4]] as const) {
      const receiptNo = code === 3 ? '1234567C' : original
      const result = nss(['status', receiptNo], {env, at: COMPLETED_AT})
      expect(result.code, `status ${receiptNo}`).to.equal(code)
      expect(result.stderr.split('\n')[0], `status ${receiptNo}`).to.match(JAPANESE)
      const json = nss(['status', receiptNo, '--json'], {env, at: COMPLETED_AT}).json
      expect(json.error.message).to.match(JAPANESE)
    }
  })
})

/**
 * Issue 13: drafts (一時保存) — the seed's 「申込内容を一時保存する」 / 「申込内容を一時的に保存する」.
 * Through the real CLI: a draft saved (checked for form only), listed, shown with every problem a
 * submission would meet, refused at submit while it has one (and kept), saved over, submitted into a
 * receipt number with apply's own JSON and deleted with it; another office and a reviewer refused; an
 * amendment draft, gone once its application leaves query; the daemon purging old and gone drafts.
 * Local on SQLite and PostgreSQL, and through a real nss serve (NSS_TEST_MODE=remote).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {CliResult, EXAMPLES, faketimeEnv, nss, openStoreReadOnly, seededDesk, writeJsonFile} from '../support/cli'
import {applyAndQuery, daemonOnce} from '../support/replies'

const APPLICATION = path.join(EXAMPLES, 'application.json')
const AMEND = path.join(EXAMPLES, 'amend.json')
const EXAMPLE = JSON.parse(fs.readFileSync(APPLICATION, 'utf8'))

function ok(result: CliResult, what: string): CliResult {
  expect(result.code, `${what}: ${result.stdout}${result.stderr}`).to.equal(0)
  return result
}

function exits(result: CliResult, code: number, what: string): CliResult {
  expect(result.code, `${what}: ${result.stdout}${result.stderr}`).to.equal(code)
  return result
}

describe('nss draft save|list|show|submit|delete (issue 13)', function () {
  this.timeout(240_000)
  let desk: ReturnType<typeof seededDesk>
  const draftIdsOfStore = (): string[] => {
    const store = openStoreReadOnly(desk.home)
    try {
      return (store.prepare('SELECT id FROM drafts ORDER BY id').all() as {id: string}[]).map(r => r.id)
    } finally {
      store.close()
    }
  }
  const listed = (env: Record<string, string>): string[] =>
    ok(nss(['draft', 'list', '--json'], {env}), 'draft list').json.drafts.map((d: {draftId: string}) => d.draftId)
  const applicationsOf = (): string[] =>
    ok(nss(['status', '--json'], {env: desk.office}), 'status').json.applications.map((a: {receiptNo: string}) => a.receiptNo)

  before(() => {
    desk = seededDesk()
  })

  it('keeps an unfinished application, lists it, shows every problem, refuses to submit it, then submits it saved over', () => {
    // Unfinished: no kana, no entries, a desired date but timing earliest — rule problems, not form ones.
    const unfinished = {...EXAMPLE, contact: {...EXAMPLE.contact, kana: ''}, entries: [], desiredDate: '20200101'}
    const file = writeJsonFile(desk.home, 'unfinished.json', unfinished)
    const saved = ok(nss(['draft', 'save', '--file', file, '--json'], {env: desk.office}), 'draft save').json
    expect(saved.draftId).to.match(/^D[0-9A-F]{16}$/)
    expect(saved).to.include({office: 'NACCS01', kind: 'application', receiptNo: null, isNew: true})
    expect(Date.parse(saved.expiresAt) - Date.parse(saved.updatedAt)).to.equal(30 * 24 * 60 * 60 * 1000)
    const id: string = saved.draftId
    expect(listed(desk.office)).to.deep.equal([id])

    const shown = ok(nss(['draft', 'show', id, '--json'], {env: desk.office}), 'draft show').json
    expect(shown.content).to.deep.equal(unfinished)
    expect(shown.valid).to.equal(false)
    expect(shown.preview).to.equal(null)
    const paths = shown.problems.map((p: {path: string}) => p.path)
    expect(paths).to.include('contact.kana')
    expect(paths).to.include('entries')
    // The same problems as nss apply --dry-run of the same content.
    const dryRun = nss(['apply', '--file', file, '--dry-run', '--json'], {env: desk.office})
    expect(shown.problems).to.deep.equal(dryRun.json.issues)

    const screen = ok(nss(['draft', 'show', id.toLowerCase()], {env: desk.office}), 'draft show (screen)').stdout
    expect(screen).to.contain(`一時保存した申込内容「${id}」`)
    expect(screen).to.contain('フリガナ')

    const before = applicationsOf()
    const refused = exits(nss(['draft', 'submit', id, '--json'], {env: desk.office}), 2, 'draft submit with problems')
    expect(refused.json.error.code).to.equal('invalid_input')
    expect(refused.json.error.issues.map((i: {path: string}) => i.path)).to.include('contact.kana')
    expect(applicationsOf(), 'nothing registered').to.deep.equal(before)
    expect(listed(desk.office), 'the draft stays').to.deep.equal([id])

    // Saved over with the finished application: the same id.
    const over = ok(nss(['draft', 'save', '--file', APPLICATION, '--draft', id, '--json'], {env: desk.office}), 'draft save --draft').json
    expect(over).to.include({draftId: id, isNew: false, kind: 'application'})
    const ready = ok(nss(['draft', 'show', id, '--json'], {env: desk.office}), 'draft show').json
    expect(ready.valid).to.equal(true)
    expect(ready.problems).to.deep.equal([])
    expect(ready.preview.office).to.equal('NACCS01')
    expect(ready.preview.entries.map((e: {userCode: string}) => e.userCode)).to.deep.equal(['1ANAC', '1BNAC'])
    const readyScreen = ok(nss(['draft', 'show', id], {env: desk.office}), 'draft show (screen)').stdout
    expect(readyScreen).to.contain('システム設定申込内容 確認')
    expect(readyScreen).to.contain(`nss draft submit ${id}`)
    expect(readyScreen, 'a draft has no --dry-run to leave out').to.not.contain('--dry-run')

    const submitted = ok(nss(['draft', 'submit', id, '--json'], {env: desk.office}), 'draft submit').json
    expect(Object.keys(submitted).sort()).to.deep.equal(['receiptNo', 'status', 'supersedes'])
    expect(submitted.receiptNo).to.match(/^\d{7}[A-Z]$/)
    expect(submitted).to.include({status: 'received', supersedes: null})
    const app = ok(nss(['status', submitted.receiptNo, '--json'], {env: desk.office}), 'status').json
    expect(app.status).to.equal('received')
    expect(app.contact.email).to.equal(EXAMPLE.contact.email)
    // Deleted with the submission: a second submit finds no draft and registers nothing.
    expect(listed(desk.office)).to.deep.equal([])
    const count = applicationsOf().length
    exits(nss(['draft', 'submit', id, '--json'], {env: desk.office}), 3, 'second submit')
    exits(nss(['draft', 'show', id], {env: desk.office}), 3, 'show after submit')
    expect(applicationsOf().length).to.equal(count)
  })

  it('refuses a draft that is not one in form, naming every problem, and keeps nothing', () => {
    const bad = {
      ...EXAMPLE,
      contact: 'nobody',
      remarks: 'あ'.repeat(241),
      colour: 'blue',
      entries: [{userCode: '1ANAC', passwordReset: {ids: ['A0A'], reason: 'x', urgent: true}}],
    }
    const result = exits(nss(['draft', 'save', '--file', writeJsonFile(desk.home, 'bad.json', bad), '--json'], {env: desk.office}), 2, 'draft save')
    const paths = result.json.error.issues.map((i: {path: string}) => i.path).sort()
    expect(paths).to.deep.equal(['colour', 'contact', 'entries[0].passwordReset.urgent', 'remarks'])
    exits(nss(['draft', 'save', '--file', writeJsonFile(desk.home, 'broken.json', '{"remarks": '), '--json'], {env: desk.office}), 2, 'not JSON')
    exits(nss(['draft', 'save', '--file', writeJsonFile(desk.home, 'array.json', [1, 2]), '--json'], {env: desk.office}), 2, 'not an object')
    expect(listed(desk.office)).to.deep.equal([])
  })

  it("is the office's own: another office and a reviewer are refused (exit 4), and do not see it", () => {
    const id = ok(nss(['draft', 'save', '--file', APPLICATION, '--json'], {env: desk.office}), 'draft save').json.draftId
    expect(listed(desk.other)).to.deep.equal([])
    for (const verb of ['show', 'submit', 'delete']) exits(nss(['draft', verb, id, '--json'], {env: desk.other}), 4, `another office: draft ${verb}`)
    exits(nss(['draft', 'save', '--file', APPLICATION, '--draft', id, '--json'], {env: desk.other}), 4, 'another office: save over')
    exits(nss(['draft', 'list', '--json'], {env: desk.reviewer}), 4, 'a reviewer: draft list')
    exits(nss(['draft', 'show', id, '--json'], {env: desk.reviewer}), 4, 'a reviewer: draft show')
    exits(nss(['draft', 'show', 'D0000000000000000', '--json'], {env: desk.office}), 3, 'an unknown draft')
    exits(nss(['draft', 'show', 'nonsense', '--json'], {env: desk.office}), 2, 'not a draft id')
    // Still there for its office, unchanged; then deleted.
    expect(ok(nss(['draft', 'show', id, '--json'], {env: desk.office}), 'draft show').json.content).to.deep.equal(EXAMPLE)
    expect(ok(nss(['draft', 'delete', id, '--json'], {env: desk.office}), 'draft delete').json).to.deep.equal({draftId: id, deleted: true})
    exits(nss(['draft', 'show', id, '--json'], {env: desk.office}), 3, 'show after delete')
  })

  it('keeps an amendment of an application under query; submitting one amends it, and the others of it are gone', () => {
    const receiptNo = applyAndQuery(desk)
    const first = ok(nss(['draft', 'save', '--file', AMEND, '--receipt', receiptNo, '--json'], {env: desk.office}), 'draft save --receipt').json
    expect(first).to.include({kind: 'amendment', receiptNo})
    const second = ok(nss(['draft', 'save', '--file', writeJsonFile(desk.home, 'remarks.json', {remarks: '連絡先を変更'}), '--receipt', receiptNo, '--json'],
      {env: desk.office}), 'draft save --receipt').json
    // An entry may say `remove` in an amendment draft, not in an application's.
    const removal = {entries: [{userCode: '1BNAC', remove: true}]}
    exits(nss(['draft', 'save', '--file', writeJsonFile(desk.home, 'removal.json', removal), '--json'], {env: desk.office}), 2, 'remove in an application draft')
    exits(nss(['draft', 'save', '--file', AMEND, '--draft', first.draftId, '--receipt', '2100001A', '--json'], {env: desk.office}), 2, 'another receipt number')
    // Not under query: amend's own refusal; another office's application: exit 4.
    const received = ok(nss(['apply', '--file', APPLICATION, '--json'], {env: desk.office}), 'apply').json.receiptNo
    exits(nss(['draft', 'save', '--file', AMEND, '--receipt', received, '--json'], {env: desk.office}), 5, 'not under query')
    exits(nss(['draft', 'save', '--file', AMEND, '--receipt', receiptNo, '--json'], {env: desk.other}), 4, "another office's application")

    const shown = ok(nss(['draft', 'show', first.draftId, '--json'], {env: desk.office}), 'draft show').json
    expect(shown.valid, JSON.stringify(shown.problems)).to.equal(true)
    expect(shown.preview.supersedes).to.equal(receiptNo)
    expect(shown.preview.changes.map((c: {field: string}) => c.field)).to.include('remarks')

    const submitted = ok(nss(['draft', 'submit', first.draftId, '--json'], {env: desk.office}), 'draft submit').json
    expect(submitted).to.include({status: 'received', supersedes: receiptNo})
    expect(ok(nss(['status', receiptNo, '--json'], {env: desk.office}), 'status').json.status).to.equal('superseded')
    // The other amendment draft of it is gone: not listed, not found, and the daemon deletes it.
    expect(listed(desk.office)).to.deep.equal([])
    exits(nss(['draft', 'show', second.draftId, '--json'], {env: desk.office}), 3, 'a gone amendment draft')
    exits(nss(['draft', 'submit', second.draftId, '--json'], {env: desk.office}), 3, 'a gone amendment draft')
    expect(draftIdsOfStore()).to.deep.equal([second.draftId])
    daemonOnce(desk.home)
    expect(draftIdsOfStore()).to.deep.equal([])
  })

  it('is deleted by the daemon NSS_DRAFT_DAYS after it was last saved', () => {
    const id = ok(nss(['draft', 'save', '--file', APPLICATION, '--json'], {env: desk.office}), 'draft save').json.draftId
    daemonOnce(desk.home, faketimeEnv(new Date(Date.now() + 29 * 24 * 60 * 60 * 1000)))
    expect(draftIdsOfStore(), 'kept before its days are up').to.deep.equal([id])
    daemonOnce(desk.home, {...faketimeEnv(new Date(Date.now() + 6 * 24 * 60 * 60 * 1000)), NSS_DRAFT_DAYS: '7'})
    expect(draftIdsOfStore()).to.deep.equal([id])
    daemonOnce(desk.home, {...faketimeEnv(new Date(Date.now() + 6 * 24 * 60 * 60 * 1000)), NSS_DRAFT_DAYS: '5'})
    expect(draftIdsOfStore()).to.deep.equal([])
  })
})

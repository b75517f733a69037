/**
 * Authorised senders (issue 13): an office registers addresses besides the contact's and the
 * 管理責任者's whose replies the mail bot acts on (`nss office senders add|list|remove`). A reply from
 * one to the signed reply address acts; to the desk's plain address it does not; after the remove it no
 * longer acts; the 管理責任者 is told of every change by a mail written with the change. The commands
 * through the real CLI (locally, or through `nss serve` with NSS_TEST_MODE=remote), the replies through
 * the daemon's cycle in process, over the store of this run (SQLite or PostgreSQL).
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import {DeskContext, openContext} from '../../src/app/context'
import {MailSourceKeeper, runCycle} from '../../src/app/daemon.use-case'
import {silentLogger} from '../../src/app/log'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import {nss, seededDesk, TEST_MODE} from '../support/cli'
import {applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, inboxOf, readQueryMail, readSpool, SentMail, statusOf} from '../support/replies'
import {testConfig} from '../support/store'

const SHARED = 'shared-desk@example.jp'

/** A reply that amends 備考, from `from` to `to` (by default the query mail's signed reply address). */
function amendingReply(query: SentMail, from: string, to?: string): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: '共有アドレスから修正'})
  return buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`, from, fromName: '共有窓口', to})
}

describe(`nss office senders: who may reply for an office (issue 13, ${TEST_MODE})`, function () {
  this.timeout(180_000)
  let desk: ReturnType<typeof seededDesk>
  let ctx: DeskContext

  before(async () => {
    desk = seededDesk()
    ctx = await openContext({config: testConfig({...process.env, NSS_HOME: desk.home})})
  })
  after(async () => {
    await ctx?.store.close()
    if (desk) fs.rmSync(desk.home, {recursive: true, force: true})
  })

  async function cycle() {
    const report = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log: silentLogger})
    return report.inbound!.map(r => [r.outcome, r.receiptNo])
  }

  const senderMails = async () => (await readSpool(desk.home)).filter(m => m.messageId.startsWith('<desk.senders-changed.'))

  it('acts on a reply from an added sender to the signed reply address, and tells the administrator of the change by mail', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    // Not yet on the list: a stranger, with no answer.
    deliverToMaildir(desk.home, amendingReply(query, SHARED))
    expect(await cycle()).to.deep.equal([['unauthenticated', receiptNo]])
    expect(statusOf(desk, receiptNo).status).to.equal('query')

    const added = nss(['office', 'senders', 'add', 'Shared-Desk@Example.JP', '--json'], {env: desk.office})
    expect(added.code, added.stderr).to.equal(0)
    expect(added.json).to.deep.include({office: 'NACCS01', change: 'added', address: SHARED, isChanged: true})
    expect(added.json.senders.map((s: any) => s.address)).to.deep.equal([SHARED])
    const [notice] = await senderMails()
    expect(notice.to).to.deep.equal(['admin@example.jp'])
    expect(notice.subject).to.equal('【NACCS01】返信を認める送信者の変更のお知らせ')
    expect(notice.text).to.contain(`追加されたE-mailアドレス：${SHARED}`).and.contain(`・${SHARED}`)

    const list = nss(['office', 'senders', 'list', '--json'], {env: desk.office})
    expect(list.json.senders.map((s: any) => s.address)).to.deep.equal([SHARED])
    // Adding it again changes nothing and writes no mail.
    expect(nss(['office', 'senders', 'add', SHARED, '--json'], {env: desk.office}).json.isChanged).to.equal(false)
    expect(await senderMails()).to.have.length(1)

    deliverToMaildir(desk.home, amendingReply(query, SHARED))
    const [[outcome, routed]] = await cycle()
    expect([outcome, routed]).to.deep.equal(['amended', receiptNo])
    expect(statusOf(desk, receiptNo).status).to.equal('superseded')
  })

  it('does not act on a reply from an added sender to the desk\'s plain address (no signed reply address)', async () => {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, amendingReply(query, SHARED, query.from))
    expect(await cycle()).to.deep.equal([['unsigned', receiptNo]])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
  })

  it('no longer acts on a reply from a removed sender, and tells the administrator; a sender not on the list is exit 3', async () => {
    const removed = nss(['office', 'senders', 'remove', SHARED, '--json'], {env: desk.office})
    expect(removed.code, removed.stderr).to.equal(0)
    expect(removed.json).to.deep.include({change: 'removed', address: SHARED, isChanged: true, senders: []})
    const mails = await senderMails()
    expect(mails).to.have.length(2)
    expect(mails[1].to).to.deep.equal(['admin@example.jp'])
    expect(mails[1].text).to.contain(`削除されたE-mailアドレス：${SHARED}`).and.contain('（なし')

    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, amendingReply(query, SHARED))
    expect(await cycle()).to.deep.equal([['unauthenticated', receiptNo]])
    expect(statusOf(desk, receiptNo).status).to.equal('query')

    const again = nss(['office', 'senders', 'remove', SHARED, '--json'], {env: desk.office})
    expect(again.code).to.equal(3)
  })

  it('keeps each office\'s list its own, refuses a reviewer (exit 4), and refuses an address that is not one or is the desk\'s own (exit 2)', () => {
    expect(nss(['office', 'senders', 'add', 'colleague@example.jp', '--json'], {env: desk.other}).code).to.equal(0)
    expect(nss(['office', 'senders', 'list', '--json'], {env: desk.office}).json.senders).to.deep.equal([])
    expect(nss(['office', 'senders', 'list', '--json'], {env: desk.other}).json.senders.map((s: any) => s.address)).to.deep.equal(['colleague@example.jp'])
    const asReviewer = nss(['office', 'senders', 'add', SHARED, '--json'], {env: {...desk.reviewer, NSS_OFFICE: ''}})
    expect(asReviewer.code, asReviewer.stderr).to.equal(4)
    for (const address of ['not-an-address', 'a@b@example.jp', 'nss@nss-desk.localhost']) {
      const refused = nss(['office', 'senders', 'add', address, '--json'], {env: desk.office})
      expect(refused.code, address).to.equal(2)
      expect(refused.json.error.issues[0].path, address).to.equal('address')
    }
  })
})

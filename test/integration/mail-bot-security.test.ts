/**
 * Acceptance 3 of issue 4 (SPEC §11 step 4): replies that must change nothing — from an address not
 * registered for the application, from a registered address without a valid token (wrong, missing, or
 * the token of another receipt number), a replayed Message-ID, a reply about a completed application.
 * Only the documented answers go out (a reply-error or the one explanation to the registered address),
 * and never to an unregistered address (no backscatter).
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {readSecretKey} from '../../src/app/secret-key'
import {mailboxOf, replyAddressFor} from '../../src/mail/reply-address'
import {EXAMPLES, nss, seededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, newMessageId, readQueryMail, readSpool, SentMail,
  sentMailsOf, statusOf,
} from '../support/replies'

const REGISTERED = ['taro@example.jp', 'admin@example.jp']
const DESK_MAILBOX = mailboxOf('NACCSセンター <nss@nss-desk.localhost>')

/** A reply that would amend the application if it were accepted. */
function amendingReply(query: SentMail, options: {from?: string; to?: string; messageId?: string; formFor?: string; isUnthreaded?: boolean} = {}): Buffer {
  let form = editForm(formOf(query.text), {操作: '修正', 備考: '返信で修正'})
  if (options.formFor) form = editForm(form, {受付番号: options.formFor})
  return buildReply(query, {
    client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`, from: options.from, to: options.to,
    messageId: options.messageId, isUnthreaded: options.isUnthreaded,
  })
}

describe('mail bot: replies that must change nothing (SPEC §11 step 4)', function () {
  let desk: ReturnType<typeof seededDesk>

  before(function () {
    desk = seededDesk()
  })

  /** The mails written since `before` (file names), read back. */
  async function newMails(before: SentMail[]): Promise<SentMail[]> {
    const known = new Set(before.map(m => m.file))
    return (await readSpool(desk.home)).filter(m => !known.has(m.file))
  }

  afterEach(async function () {
    // Whatever a test did: no mail ever went to an address not registered for the application.
    for (const mail of await readSpool(desk.home)) expect(REGISTERED, `${mail.subject} to ${mail.to}`).to.include.members(mail.to)
  })

  it('ignores a signed reply from an unregistered address, and one from another office: recorded, unanswered', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    deliverToMaildir(desk.home, amendingReply(query, {from: 'attacker@evil.example'}))
    deliverToMaildir(desk.home, amendingReply(query, {from: 'other-admin@example.jp'}))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['unauthenticated', 'unauthenticated'])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    expect(await newMails(before)).to.deep.equal([])
    const listed = nss(['mail', 'inbound', '--receipt', receiptNo, '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    expect(listed.map((m: any) => [m.from, m.outcome])).to.have.deep.members([
      ['attacker@evil.example', 'unauthenticated'], ['other-admin@example.jp', 'unauthenticated'],
    ])
  })

  it('does not act on a registered sender with a wrong token; the registered address gets one explanation', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    const forged = query.replyTo!.replace(/\.[a-z2-7]+@/, '.aaaaaaaaaaaaaaaa@')
    expect(forged).not.to.equal(query.replyTo)
    deliverToMaildir(desk.home, amendingReply(query, {to: forged}))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['unsigned'])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    const mails = await newMails(before)
    expect(mails.map(m => [m.to, m.subject])).to.deep.equal([[['taro@example.jp'], `【${receiptNo}】システム設定申込 返信メールを処理できませんでした`]])
    expect(mails[0].text).to.contain('宛先（Reply-To）を変えずに送信してください')
  })

  it('does not act on a registered sender without a token (a new mail naming 【receipt number】 to the plain desk address)', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = await readSpool(desk.home)
    // From the administrator, so that this test's explanation is not held back by the previous test's one.
    deliverToMaildir(desk.home, amendingReply(query, {from: 'admin@example.jp', to: 'nss@nss-desk.localhost', isUnthreaded: true}))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo]), run.stderr).to.deep.equal([['unsigned', receiptNo]])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    expect((await newMails(before)).map(m => m.to)).to.deep.equal([['admin@example.jp']])
  })

  it('does not let the token of one receipt number act on another, nor a form naming another number', async function () {
    const first = applyAndQuery(desk)
    const second = applyAndQuery(desk)
    const firstQuery = await readQueryMail(desk.home, first)
    const secondQuery = await readQueryMail(desk.home, second)
    const token = /\+[0-9A-Z]{8}\.([a-z2-7]+)@/i.exec(firstQuery.replyTo!)![1]
    const before = await readSpool(desk.home)
    // 1. The second number with the first one's token, from a fresh sender address of the office.
    deliverToMaildir(desk.home, amendingReply(secondQuery, {to: `nss+${second}.${token}@nss-desk.localhost`, from: 'admin@example.jp'}))
    // 2. The first one's valid address, with a form about the second number.
    deliverToMaildir(desk.home, amendingReply(firstQuery, {formFor: second}))

    const run = daemonOnce(desk.home, {NSS_REPLY_ERROR_LIMIT: '10'})
    expect(run.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo]), run.stderr).to.deep.equal([
      ['unsigned', second], ['reply-error', first],
    ])
    expect(statusOf(desk, first).status).to.equal('query')
    expect(statusOf(desk, second).status).to.equal('query')
    const mails = await newMails(before)
    const formError = mails.find(m => m.text.includes('一致しません'))
    expect(formError?.text).to.contain(`返信フォームの受付番号 ${second} が、このメールの受付番号 ${first} と一致しません。`)
    expect(mails.every(m => m.messageId.includes('.reply-error.'))).to.equal(true)
  })

  it('acts once on a Message-ID: a replay with the same Message-ID and another content changes nothing', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const messageId = newMessageId('taro@example.jp')
    deliverToMaildir(desk.home, amendingReply(query, {messageId}))
    const first = daemonOnce(desk.home)
    expect(first.json.lastCycle.inbound.map((r: any) => r.outcome), first.stderr).to.deep.equal(['amended'])
    const newReceiptNo = first.json.lastCycle.inbound[0].newReceiptNo
    const before = await readSpool(desk.home)

    const withdrawal = buildReply(query, {
      client: 'gmail', charset: 'utf-8-base64', messageId, body: `取下げ\n\n${editForm(formOf(query.text), {操作: '取下げ'})}`,
    })
    deliverToMaildir(desk.home, withdrawal)
    const replay = daemonOnce(desk.home)
    expect(replay.json.lastCycle.inbound.map((r: any) => r.outcome), replay.stderr).to.deep.equal(['duplicate'])
    expect(statusOf(desk, receiptNo).status).to.equal('superseded')
    expect(statusOf(desk, newReceiptNo).status).to.equal('received')
    expect(await newMails(before)).to.deep.equal([])
  })

  it('changes nothing for replies about a completed application: the completion mail answered, or a signed address', async function () {
    // A desk of its own: the explanation to a sender without a token goes out once a day per address.
    const fresh = seededDesk()
    // received → completed: no query mail was ever sent for it.
    const applied = nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: fresh.office}).json.receiptNo
    expect(nss(['review', applied, '--complete', '', '--json'], {env: fresh.reviewer}).code).to.equal(0)
    const [completion] = await sentMailsOf(fresh.home, applied, 'completion')
    const fakeQuery: SentMail = {...completion, replyTo: null}
    const withdrawForm = ['-----ここから返信フォーム-----', `受付番号: ${applied}`, '操作: 取下げ', '-----ここまで返信フォーム-----'].join('\n')
    const before = new Set((await readSpool(fresh.home)).map(m => m.file))

    // 1. "Reply" on the completion mail: threaded, but to the plain desk address (it has no Reply-To).
    deliverToMaildir(fresh.home, buildReply(fakeQuery, {client: 'outlook', charset: 'iso-2022-jp', body: `取下げ\n\n${withdrawForm}`, from: 'admin@example.jp'}))
    // 2. A correctly signed address for the number (as if one had been handed out): the state machine refuses.
    const signed = replyAddressFor(DESK_MAILBOX, readSecretKey(fresh.home), applied)
    deliverToMaildir(fresh.home, buildReply(fakeQuery, {client: 'gmail', charset: 'utf-8-base64', body: withdrawForm, to: signed}))

    const run = daemonOnce(fresh.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo]), run.stderr).to.deep.equal([
      ['unsigned', applied], ['reply-error', applied],
    ])
    const status = statusOf(fresh, applied)
    expect(status.status).to.equal('completed')
    expect(status.log.map((l: any) => l.item)).not.to.include('システム設定申込 取下げ')
    const mails = (await readSpool(fresh.home)).filter(m => !before.has(m.file))
    expect(mails.map(m => m.to)).to.have.deep.members([['admin@example.jp'], ['taro@example.jp']])
    expect(mails.map(m => m.messageId.split('.')[1])).to.deep.equal(['reply-error', 'reply-error'])
    // The refusal names the state, in the office's language: a completed application can no longer be withdrawn.
    expect(mails.find(m => m.to[0] === 'taro@example.jp')!.text).to.contain(`・受付番号 ${applied} の申込は「審査終了」のため、取り下げはできません。`)
    for (const mail of await readSpool(fresh.home)) expect(REGISTERED).to.include.members(mail.to)
  })
})

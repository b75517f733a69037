/**
 * Mail from machines (SPEC §11 step 2): a bounce marks the outbox row as bounced when it came back to
 * that row's signed VERP address, and `nss status` shows it; one that only quotes a row's Message-ID is
 * recorded against the application and marks nothing (anyone can quote a Message-ID);
 * automatic replies (RFC 3834 Auto-Submitted, X-Autoreply, Precedence) and our own mail coming back are
 * recorded and never answered — even when they come from a registered address to the signed address
 * and carry a form that would act.
 */
import {expect} from 'chai'
import {readSecretKey} from '../../src/app/secret-key'
import {bounceAddressFor, mailboxOf} from '../../src/mail/reply-address'
import {nss, seededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, deliveryReport, editForm, formOf, newMessageId, readQueryMail, readSpool,
  SentMail, statusOf,
} from '../support/replies'

const DESK_MAILBOX = mailboxOf('NACCSセンター <nss@nss-desk.localhost>')

describe('mail bot: bounces, automatic replies and our own mail (SPEC §11 step 2)', function () {
  let desk: ReturnType<typeof seededDesk>

  before(function () {
    desk = seededDesk()
  })

  function outbox(receiptNo: string): any[] {
    return nss(['mail', 'outbox', '--receipt', receiptNo, '--json'], {env: {NSS_HOME: desk.home}}).json.mails
  }

  it('marks the outbox row bounced from a DSN sent to its VERP address, and status shows it', async function () {
    const receiptNo = applyAndQuery(desk)
    const receipt = outbox(receiptNo).find(m => m.kind === 'receipt')
    const verp = bounceAddressFor(DESK_MAILBOX, readSecretKey(desk.home), receipt.id)
    const before = (await readSpool(desk.home)).length
    // The returned headers carry no Message-ID: only the VERP address ties the report to its row.
    deliverToMaildir(desk.home, deliveryReport({to: verp, returnedHeaders: `Subject: =?UTF-8?B?44CQ?=\r\nTo: taro@example.jp`}))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo]), run.stderr).to.deep.equal([['bounce-recorded', receiptNo]])
    expect(outbox(receiptNo).find(m => m.id === receipt.id)).to.deep.include({status: 'bounced'})
    const mails = statusOf(desk, receiptNo).mail
    expect(mails.find((m: any) => m.kind === 'receipt')).to.deep.include({status: 'bounced', lastError: 'bounced: 5.1.1 taro@example.jp'})
    expect(mails.find((m: any) => m.kind === 'query').status).to.equal('sent')
    expect((await readSpool(desk.home)).length, 'a bounce is never answered').to.equal(before)
  })

  it('records a DSN that only quotes an outbox Message-ID against its application, and marks nothing', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = (await readSpool(desk.home)).length
    // To the plain desk address, not the query mail's signed bounce address: anyone who got the query
    // mail can write this, and a real MTA returns a bounce to the envelope sender, the VERP address.
    deliverToMaildir(desk.home, deliveryReport({
      to: 'nss@nss-desk.localhost',
      returnedHeaders: `From: nss@nss-desk.localhost\r\nTo: taro@example.jp\r\nMessage-ID: ${query.messageId}\r\nSubject: query`,
    }))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.outcome, r.receiptNo]), run.stderr).to.deep.equal([['bounce-unverified', receiptNo]])
    const mails = statusOf(desk, receiptNo).mail
    expect(mails.map((m: any) => [m.kind, m.status])).to.deep.equal([['receipt', 'sent'], ['query', 'sent']])
    const [recorded] = nss(['mail', 'inbound', '--receipt', receiptNo, '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    expect(recorded.detail).to.match(/^quotes the Message-ID of outbox \d+ but did not come to its signed bounce address: not marked$/)
    expect((await readSpool(desk.home)).length).to.equal(before)
  })

  it('records automatic replies (Auto-Submitted, X-Autoreply, Precedence) from the registered address and never answers or acts', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const withdrawing = (headers: string[]) => buildReply(query, {
      client: 'outlook', charset: 'iso-2022-jp', headers, body: `取下げ\n\n${editForm(formOf(query.text), {操作: '取下げ'})}`,
    })
    const before = (await readSpool(desk.home)).length
    deliverToMaildir(desk.home, withdrawing(['Auto-Submitted: auto-replied']), '3001.auto-submitted')
    deliverToMaildir(desk.home, withdrawing(['X-Autoreply: yes']), '3002.x-autoreply')
    deliverToMaildir(desk.home, withdrawing(['Precedence: junk']), '3003.precedence-junk')
    deliverToMaildir(desk.home, withdrawing(['Precedence: auto_reply']), '3004.precedence-auto-reply')

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome]), run.stderr).to.deep.equal([
      ['3001.auto-submitted', 'auto-reply'], ['3002.x-autoreply', 'auto-reply'],
      ['3003.precedence-junk', 'auto-reply'], ['3004.precedence-auto-reply', 'auto-reply'],
    ])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    expect((await readSpool(desk.home)).length).to.equal(before)
    const listed = nss(['mail', 'inbound', '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    expect(listed.filter((m: any) => m.outcome === 'auto-reply').map((m: any) => m.kind)).to.deep.equal(['auto-reply', 'auto-reply', 'auto-reply', 'auto-reply'])
  })

  it('records our own mail coming back (the query mail itself, or a mail with our loop header) and never answers it', async function () {
    const receiptNo = applyAndQuery(desk)
    const query: SentMail = await readQueryMail(desk.home, receiptNo)
    const before = (await readSpool(desk.home)).length
    deliverToMaildir(desk.home, query.raw, '4001.own-query')
    const looped = buildReply(query, {
      client: 'gmail', charset: 'utf-8-base64', headers: ['X-NSS-Loop: nss-desk.localhost'],
      body: `取下げ\n\n${editForm(formOf(query.text), {操作: '取下げ'})}`,
    })
    deliverToMaildir(desk.home, looped, '4002.loop-header')

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome]), run.stderr).to.deep.equal([['4001.own-query', 'own'], ['4002.loop-header', 'own']])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    expect((await readSpool(desk.home)).length).to.equal(before)
  })
})

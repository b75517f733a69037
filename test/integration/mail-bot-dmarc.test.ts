/**
 * The optional DMARC gate (NSS_REQUIRE_DMARC, issue 4; RFC 7489): with it, a reply acts only when its
 * From domain passes DMARC. Checked in process with mailauth and an injected DNS resolver that answers
 * from this test's records: SPF (RFC 7208) for example.jp allows 192.0.2.10 only, and example.jp
 * publishes p=reject. The connecting IP is the one our MTA wrote in the Received header.
 */
import {expect} from 'chai'
import {DeskContext, openContext} from '../../src/app/context'
import {MailSourceKeeper, runCycle} from '../../src/app/daemon.use-case'
import {listInbound} from '../../src/app/inbound-admin.use-case'
import {silentLogger} from '../../src/app/log'
import {setDmarcResolver} from '../../src/mail/inbound/dmarc'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import {seededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, deliverToMaildir, editForm, formOf, inboxOf, readQueryMail, readSpool, SentMail, statusOf,
} from '../support/replies'
import {testConfig} from '../support/store'

const RECORDS: Record<string, string[][]> = {
  'TXT example.jp': [['v=spf1 ip4:192.0.2.10 -all']],
  'TXT _dmarc.example.jp': [['v=DMARC1; p=reject; adkim=r; aspf=r']],
}

/** dns.promises.resolve in miniature: this test's records, NXDOMAIN for anything else. */
async function testResolver(name: string, rrtype: string): Promise<unknown> {
  const answer = RECORDS[`${rrtype} ${name.toLowerCase()}`]
  if (answer) return answer
  throw Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), {code: 'ENOTFOUND'})
}

/** A signed reply that amends, as our MTA received it from `ip`. */
function replyFrom(query: SentMail, ip: string | null, remarks: string): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: remarks})
  const received = ip
    ? [`Received: from mail.example.jp (mail.example.jp [${ip}]) by mx.nss-desk.localhost with ESMTPS id 4Xy7; ${new Date().toUTCString()}`]
    : []
  const reply = buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`})
  return Buffer.concat([Buffer.from(['Return-Path: <taro@example.jp>', ...received, ''].join('\r\n')), reply])
}

describe('mail bot: the DMARC gate (NSS_REQUIRE_DMARC)', function () {
  let desk: ReturnType<typeof seededDesk>
  let ctx: DeskContext

  before(async function () {
    desk = seededDesk()
    ctx = await openContext({config: testConfig({...process.env, NSS_HOME: desk.home, NSS_REQUIRE_DMARC: '1'})})
    setDmarcResolver(testResolver)
  })
  after(async function () {
    setDmarcResolver(undefined)
    await ctx.store.close()
  })

  it('acts on a reply whose From domain passes DMARC (SPF pass from 192.0.2.10, aligned)', async function () {
    const receiptNo = applyAndQuery(desk)
    deliverToMaildir(desk.home, replyFrom(await readQueryMail(desk.home, receiptNo), '192.0.2.10', 'DMARC合格'))
    const report = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log: silentLogger})
    expect(report.inbound!.map(r => r.outcome)).to.deep.equal(['amended'])
    expect(statusOf(desk, report.inbound![0].newReceiptNo!).remarks).to.equal('DMARC合格')
  })

  it('records and ignores a reply that fails DMARC (another IP, no Received header, or also unsigned): nothing changes, no answer', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = (await readSpool(desk.home)).length
    deliverToMaildir(desk.home, replyFrom(query, '203.0.113.9', 'なりすまし'), '8001.spoofed')
    deliverToMaildir(desk.home, replyFrom(query, null, 'なりすまし'), '8002.unknown-origin')
    // Without a token a registered sender would be told how to reply; not when DMARC shows the From forged.
    deliverToMaildir(desk.home, replyFrom({...query, replyTo: 'nss@nss-desk.localhost'}, '203.0.113.9', 'なりすまし'), '8003.spoofed-unsigned')
    const report = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log: silentLogger})
    expect(report.inbound!.map(r => [r.ref, r.outcome])).to.deep.equal([
      ['8001.spoofed', 'unauthenticated'], ['8002.unknown-origin', 'unauthenticated'], ['8003.spoofed-unsigned', 'unauthenticated'],
    ])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    expect((await readSpool(desk.home)).length).to.equal(before)
    const {messages} = await listInbound(ctx, {receiptNo})
    for (const message of messages) expect(message.detail).to.match(/^DMARC: dmarc=fail /)
  })
})

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
  // The attacker's own domain, which passes DMARC honestly from its own server.
  'TXT evil.example': [['v=spf1 ip4:198.51.100.66 -all']],
  'TXT _dmarc.evil.example': [['v=DMARC1; p=reject; adkim=r; aspf=r']],
}

/** dns.promises.resolve in miniature: this test's records, NXDOMAIN for anything else. */
async function testResolver(name: string, rrtype: string): Promise<unknown> {
  const answer = RECORDS[`${rrtype} ${name.toLowerCase()}`]
  if (answer) return answer
  throw Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), {code: 'ENOTFOUND'})
}

/** A signed reply that amends, as our MTA received it from `ip`. */
function replyFrom(query: SentMail, ip: string | null, remarks: string, returnPath = 'taro@example.jp'): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: remarks})
  const received = ip
    ? [`Received: from mail.example.jp (mail.example.jp [${ip}]) by mx.nss-desk.localhost with ESMTPS id 4Xy7; ${new Date().toUTCString()}`]
    : []
  const reply = buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します。\n\n${form}`})
  return Buffer.concat([Buffer.from([`Return-Path: <${returnPath}>`, ...received, ''].join('\r\n')), reply])
}

/** `raw` with its From header line replaced by `lines` (joined as given: the test chooses every byte). */
function withFromLines(raw: Buffer, lines: string): Buffer {
  const text = raw.toString('latin1')
  const from = /^From: [^\r\n]*\r\n/m.exec(text)!
  return Buffer.from(text.slice(0, from.index) + lines + text.slice(from.index + from[0].length), 'latin1')
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

  it('never acts on a message whose bare CR hides the contact\'s From from DMARC (judged for evil.example, acted as the contact)', async function () {
    // Issue 11 point 1: the desk's reader ended a line at the lone CR and saw `From: <taro@…>` first;
    // mailauth did not, and judged the second From, evil.example, which passes from its own server.
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const before = (await readSpool(desk.home)).length
    // Each its own reply (its own Message-ID: a Message-ID is acted on once).
    const honest = () => replyFrom(query, '198.51.100.66', '乗っ取り', 'attacker@evil.example')
    deliverToMaildir(desk.home, withFromLines(honest(), 'X-Mailer: x\rFrom: <taro@example.jp>\r\nFrom: Attacker <attacker@evil.example>\r\n'), '8101.bare-cr')
    // The same hidden From without the CR trick, as two From headers: mailauth judges none.
    deliverToMaildir(desk.home, withFromLines(honest(), 'From: <taro@example.jp>\r\nFrom: Attacker <attacker@evil.example>\r\n'), '8102.two-froms')
    const report = await runCycle(ctx, MailSourceKeeper.of(new MaildirSource(inboxOf(desk.home))), {log: silentLogger})
    expect(report.inbound!.map(r => [r.ref, r.outcome])).to.deep.equal([['8101.bare-cr', 'unauthenticated'], ['8102.two-froms', 'unauthenticated']])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    expect((await readSpool(desk.home)).length).to.equal(before)
    const {messages} = await listInbound(ctx, {})
    const detailOf = (ref: string) => messages.find(m => m.sourceRef === ref)?.detail
    expect(detailOf('8101.bare-cr')).to.match(/^ambiguous header: a bare CR in the header section/)
    expect(detailOf('8102.two-froms')).to.equal('ambiguous header: 2 From headers')
  })
})

/**
 * The limits of the mail bot (SPEC §11 step 4, step 7 and Limits): reply-error mails at most N
 * (NSS_REPLY_ERROR_LIMIT, default 5) per address per day; one explanation a day to a registered
 * address that replied without a valid token; messages over NSS_MAX_MESSAGE_BYTES and messages that
 * cannot be parsed are kept, listed by `nss mail inbound --failed`, and `nss mail reprocess ID`
 * processes them once the cause is gone.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {EXAMPLES, nss, seededDesk, writeJsonFile} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, readQueryMail, readSpool, SentMail, sentMailsOf,
  statusOf,
} from '../support/replies'

/** A reply whose form cannot be acted on: a desired date that is not 8 digits. */
function badReply(query: SentMail, n: number, from?: string): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 'NACCS登録希望日': `2026年${n}月`})
  return buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: `修正します(${n})。\n\n${form}`, from})
}

describe('mail bot: limits (SPEC §11)', function () {
  it('sends at most 5 reply-error mails a day to one address (6 bad replies → 5 answers); another address still gets its own', async function () {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    for (let n = 1; n <= 6; n++) deliverToMaildir(desk.home, badReply(query, n), `${5000 + n}.bad`)
    deliverToMaildir(desk.home, badReply(query, 7, 'admin@example.jp'), '5007.bad')

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(Array(7).fill('reply-error'))
    const errors = await sentMailsOf(desk.home, receiptNo, 'reply-error')
    // The first five in the Maildir's order are answered, each with its own problem; the sixth is not.
    const month = (mail: SentMail) => /NACCS登録希望日「2026年(\d)月」は半角数字8桁\(例: 20190401\)ではありません。/.exec(mail.text)?.[1]
    expect(errors.filter(m => m.to[0] === 'taro@example.jp').map(month).sort()).to.deep.equal(['1', '2', '3', '4', '5'])
    expect(errors.filter(m => m.to[0] === 'admin@example.jp').map(month)).to.deep.equal(['7'])
    expect(errors.every(m => m.to.length === 1)).to.equal(true)
    expect(statusOf(desk, receiptNo).status).to.equal('query')

    // The limit is a setting: NSS_REPLY_ERROR_LIMIT=6 lets one more through the same day.
    deliverToMaildir(desk.home, badReply(query, 8), '5008.bad')
    daemonOnce(desk.home, {NSS_REPLY_ERROR_LIMIT: '6'})
    expect((await sentMailsOf(desk.home, receiptNo, 'reply-error')).filter(m => m.to[0] === 'taro@example.jp')).to.have.length(6)
  })

  it('counts the limit per address exactly: five answers to xtaro@… do not use up taro@…', async function () {
    const desk = seededDesk()
    const taroApplication = applyAndQuery(desk)
    // The same application with another contact address, one that contains the first.
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
    const file = writeJsonFile(desk.home, 'xtaro.json', {...example, contact: {...example.contact, email: 'xtaro@example.jp'}})
    const xtaroApplication = nss(['apply', '--file', file, '--json'], {env: desk.office}).json.receiptNo
    expect(nss(['review', xtaroApplication, '--query', 'ご確認ください。'], {env: desk.reviewer}).code).to.equal(0)
    const xtaroQuery = await readQueryMail(desk.home, xtaroApplication)
    for (let n = 1; n <= 5; n++) deliverToMaildir(desk.home, badReply(xtaroQuery, n, 'xtaro@example.jp'), `5100.${n}.bad`)
    deliverToMaildir(desk.home, badReply(await readQueryMail(desk.home, taroApplication), 6), '5106.bad')

    daemonOnce(desk.home)
    expect(await sentMailsOf(desk.home, xtaroApplication, 'reply-error')).to.have.length(5)
    expect((await sentMailsOf(desk.home, taroApplication, 'reply-error')).map(m => m.to)).to.deep.equal([['taro@example.jp']])
  })

  it('explains once to a registered address that replies without a valid token, however often it does', async function () {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const form = editForm(formOf(query.text), {操作: '取下げ'})
    const unsigned = (to: string, n: number) => buildReply(query, {client: 'iphone', charset: 'iso-2022-jp', to, body: `取下げ(${n})\n\n${form}`})
    deliverToMaildir(desk.home, unsigned('nss@nss-desk.localhost', 1), '6001.unsigned')
    deliverToMaildir(desk.home, unsigned(query.replyTo!.replace(/\.[a-z2-7]+@/, '.zzzzzzzzzzzzzzzz@'), 2), '6002.unsigned')
    deliverToMaildir(desk.home, unsigned(`nss+${receiptNo}@nss-desk.localhost`, 3), '6003.unsigned')

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['unsigned', 'unsigned', 'unsigned'])
    const mails = (await readSpool(desk.home)).filter(m => m.messageId.includes('.reply-error.'))
    expect(mails.map(m => m.to)).to.deep.equal([['taro@example.jp']])
    expect(mails[0].text).to.contain(`確認依頼メールに「返信」し、宛先（Reply-To）を変えずに送信してください。`)
    expect(statusOf(desk, receiptNo).status).to.equal('query')
  })

  it('keeps a message over NSS_MAX_MESSAGE_BYTES, lists it as failed, and reprocesses it once the limit is raised', async function () {
    const desk = seededDesk()
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const form = editForm(formOf(query.text), {操作: '修正', 備考: '大きな返信'})
    const reply = buildReply(query, {client: 'outlook', charset: 'iso-2022-jp', body: `修正します。\n\n${form}`})
    expect(reply.length).to.be.above(4096)
    const ref = deliverToMaildir(desk.home, reply)
    const small = {NSS_MAX_MESSAGE_BYTES: '4096'}

    const run = daemonOnce(desk.home, small)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome]), run.stderr).to.deep.equal([[ref, 'too-large']])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    const failed = nss(['mail', 'inbound', '--failed', '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    expect(failed.map((m: any) => [m.sourceRef, m.state, m.kind, m.size])).to.deep.equal([[ref, 'failed', 'too-large', reply.length]])
    const human = nss(['mail', 'inbound', '--failed'], {env: {NSS_HOME: desk.home}})
    expect(human.stdout).to.contain('too-large').and.contain(String(failed[0].id))

    // Still over the limit: refused (a conflict), nothing changes.
    const refused = nss(['mail', 'reprocess', String(failed[0].id), '--json'], {env: {NSS_HOME: desk.home, ...small}})
    expect(refused.code).to.equal(5)
    expect(refused.json.error.message).to.contain('NSS_MAX_MESSAGE_BYTES')

    // With the default limit (10 MB) it is read again from the Maildir and acted on, and answered.
    const done = nss(['mail', 'reprocess', String(failed[0].id), '--json'], {env: {NSS_HOME: desk.home}})
    expect(done.code, done.stdout + done.stderr).to.equal(0)
    expect(done.json).to.deep.include({outcome: 'amended', receiptNo})
    expect(done.json.message).to.deep.include({state: 'done', outcome: 'amended'})
    expect(statusOf(desk, done.json.newReceiptNo).remarks).to.equal('大きな返信')
    expect(await sentMailsOf(desk.home, done.json.newReceiptNo, 'receipt')).to.have.length(1)
    expect(nss(['mail', 'inbound', '--failed', '--json'], {env: {NSS_HOME: desk.home}}).json.messages).to.deep.equal([])
    // The same message arriving again is known by its Message-ID now.
    deliverToMaildir(desk.home, reply)
    expect(daemonOnce(desk.home).json.lastCycle.inbound.map((r: any) => r.outcome)).to.deep.equal(['duplicate'])
  })

  it('keeps a message that cannot be parsed, lists it as failed, and says so when reprocessing cannot help', async function () {
    const desk = seededDesk()
    const ref = deliverToMaildir(desk.home, '')
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome]), run.stderr).to.deep.equal([[ref, 'unparseable']])
    const [failed] = nss(['mail', 'inbound', '--failed', '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    expect(failed).to.deep.include({sourceRef: ref, state: 'failed', kind: 'unparseable'})
    const again = nss(['mail', 'reprocess', String(failed.id), '--json'], {env: {NSS_HOME: desk.home}})
    expect(again.code).to.equal(2)
    expect(again.json.error.message).to.contain('はまだ処理できません')
    expect(nss(['mail', 'reprocess', '999', '--json'], {env: {NSS_HOME: desk.home}}).code).to.equal(3)
  })
})

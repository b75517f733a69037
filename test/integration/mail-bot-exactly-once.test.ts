/**
 * Acceptance 4 of issue 4 (SPEC §11 steps 1 and 8, §14 "every accepted reply has exactly one
 * outcome"): the same reply delivered twice, re-polled after a restart that came between the commit
 * and marking it done, or interrupted before its commit, has one effect and one answer.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {DeskContext, openContext} from '../../src/app/context'
import {receiveMail} from '../../src/app/process-inbound.use-case'
import {InfrastructureError} from '../../src/domain/errors'
import {MaildirSource} from '../../src/mail/inbound/maildir'
import {nss, seededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, inboxOf, maildirState, readQueryMail, readSpool,
  SentMail, statusOf,
} from '../support/replies'
import {testConfig} from '../support/store'

function amendingReply(query: SentMail): Buffer {
  const form = editForm(formOf(query.text), {操作: '修正', 備考: '一度だけ修正'})
  return buildReply(query, {client: 'thunderbird', charset: 'iso-2022-jp', body: `修正します。\n\n${form}`})
}

/** The office's applications and every mail in the spool: what a second effect or answer would change. */
async function effects(desk: ReturnType<typeof seededDesk>): Promise<{applications: string[]; mails: string[]}> {
  const list = nss(['status', '--json'], {env: desk.office}).json
  return {
    applications: list.applications.map((a: any) => `${a.receiptNo}:${a.status}`).sort(),
    mails: (await readSpool(desk.home)).map(m => m.messageId).sort(),
  }
}

describe('mail bot: one effect and one answer per reply (SPEC §11, §14)', function () {
  let desk: ReturnType<typeof seededDesk>

  before(function () {
    desk = seededDesk()
  })

  it('acts once on the same reply delivered twice in one poll, and answers once', async function () {
    const receiptNo = applyAndQuery(desk)
    const reply = amendingReply(await readQueryMail(desk.home, receiptNo))
    const first = deliverToMaildir(desk.home, reply, `1000.${receiptNo}.a.test`)
    const second = deliverToMaildir(desk.home, reply, `1000.${receiptNo}.b.test`)
    const before = await effects(desk)

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome]), run.stderr).to.deep.equal([[first, 'amended'], [second, 'duplicate']])
    const after = await effects(desk)
    const newReceiptNo = run.json.lastCycle.inbound[0].newReceiptNo
    expect(after.applications).to.deep.equal([...before.applications.filter(a => !a.startsWith(receiptNo)), `${receiptNo}:superseded`, `${newReceiptNo}:received`].sort())
    const answers = after.mails.filter(id => !before.mails.includes(id))
    expect(answers).to.have.length(1)
    expect(answers[0]).to.match(new RegExp(`^<${newReceiptNo}\\.receipt\\.`))
    // Both copies are done in the Maildir: neither is read again.
    expect(maildirState(desk.home).fresh).to.deep.equal([])
  })

  it('acts once when the same reply arrives again after it was processed', async function () {
    const receiptNo = applyAndQuery(desk)
    const reply = amendingReply(await readQueryMail(desk.home, receiptNo))
    deliverToMaildir(desk.home, reply)
    expect(daemonOnce(desk.home).json.lastCycle.inbound.map((r: any) => r.outcome)).to.deep.equal(['amended'])
    const before = await effects(desk)

    deliverToMaildir(desk.home, reply)
    const again = daemonOnce(desk.home)
    expect(again.json.lastCycle.inbound.map((r: any) => r.outcome), again.stderr).to.deep.equal(['duplicate'])
    expect(await effects(desk)).to.deep.equal(before)
  })

  it('acts once when a restart re-polls a message whose commit was not yet marked done in the Maildir', async function () {
    const receiptNo = applyAndQuery(desk)
    const name = deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, receiptNo)))
    const first = daemonOnce(desk.home)
    expect(first.json.lastCycle.inbound.map((r: any) => r.outcome)).to.deep.equal(['amended'])
    const before = await effects(desk)

    // The daemon died after the commit and before step 8: the message is still in new/ under its name.
    fs.renameSync(path.join(inboxOf(desk.home), 'cur', `${name}:2,S`), path.join(inboxOf(desk.home), 'new', name))
    const restart = daemonOnce(desk.home)
    // The stored outcome is reported again; nothing is done again.
    expect(restart.json.lastCycle.inbound.map((r: any) => [r.ref, r.outcome, r.newReceiptNo]), restart.stderr)
      .to.deep.equal([[name, 'amended', undefined]])
    expect(await effects(desk)).to.deep.equal(before)
    expect(maildirState(desk.home).done).to.include(`${name}:2,S`)
    expect(statusOf(desk, receiptNo).status).to.equal('superseded')
  })

  it('acts once when processing was interrupted after storing the message and before its commit', async function () {
    const receiptNo = applyAndQuery(desk)
    deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, receiptNo)))
    const before = await effects(desk)
    const config = testConfig({...process.env, NSS_HOME: desk.home})
    const ctx = await openContext({config})
    try {
      // A crash inside the processing transaction (the second write: the first stored the raw message).
      let writes = 0
      const crashing: DeskContext = {
        ...ctx,
        store: Object.assign(Object.create(ctx.store), {
          read: (work: any) => ctx.store.read(work),
          write: (work: any) => (++writes === 2 ? Promise.reject(new InfrastructureError('simulated crash')) : ctx.store.write(work)),
        }),
      }
      const source = new MaildirSource(inboxOf(desk.home))
      let error: unknown
      await receiveMail(crashing, source).catch(e => { error = e })
      expect((error as Error)?.message).to.equal('simulated crash')
      expect(maildirState(desk.home).fresh, 'not marked done before a commit').to.have.length(1)
      expect(await effects(desk)).to.deep.equal(before)

      const results = await receiveMail(ctx, source)
      expect(results.map(r => r.outcome)).to.deep.equal(['amended'])
      expect(await receiveMail(ctx, source)).to.deep.equal([])
    } finally {
      await ctx.store.close()
    }
    // One new application and, once delivered, one receipt mail.
    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.outbox.sent).to.equal(1)
    const after = await effects(desk)
    expect(after.applications.length).to.equal(before.applications.length + 1)
    expect(after.mails.length).to.equal(before.mails.length + 1)
  })

  it('keeps a message whose processing fails unexpectedly as failed, goes on with the next, and reprocesses it on demand', async function () {
    const first = applyAndQuery(desk)
    const second = applyAndQuery(desk)
    deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, first)), `2000.${first}.test`)
    deliverToMaildir(desk.home, amendingReply(await readQueryMail(desk.home, second)), `2001.${second}.test`)
    const config = testConfig({...process.env, NSS_HOME: desk.home})
    const ctx = await openContext({config})
    let failedId: number
    try {
      // A bug meeting the first message (a plain Error inside its processing transaction, write #2).
      let writes = 0
      const buggy: DeskContext = {
        ...ctx,
        store: Object.assign(Object.create(ctx.store), {
          read: (work: any) => ctx.store.read(work),
          write: (work: any) => (++writes === 2 ? Promise.reject(new TypeError('cannot read properties of undefined')) : ctx.store.write(work)),
        }),
      }
      const results = await receiveMail(buggy, new MaildirSource(inboxOf(desk.home)))
      expect(results.map(r => [r.outcome, r.receiptNo])).to.deep.equal([['error', null], ['amended', second]])
      failedId = results[0].id
      expect(maildirState(desk.home).fresh).to.deep.equal([])
    } finally {
      await ctx.store.close()
    }
    const failed = nss(['mail', 'inbound', '--failed', '--json'], {env: {NSS_HOME: desk.home}}).json.messages
    expect(failed.map((m: any) => [m.id, m.state, m.outcome])).to.deep.include([failedId, 'failed', 'error'])
    expect(statusOf(desk, first).status).to.equal('query')

    const reprocessed = nss(['mail', 'reprocess', String(failedId), '--json'], {env: {NSS_HOME: desk.home}})
    expect(reprocessed.code, reprocessed.stdout + reprocessed.stderr).to.equal(0)
    expect(reprocessed.json).to.deep.include({outcome: 'amended', receiptNo: first})
    expect(statusOf(desk, first).status).to.equal('superseded')
    // Done now: a second reprocess is refused, a conflict (exit 5).
    expect(nss(['mail', 'reprocess', String(failedId)], {env: {NSS_HOME: desk.home}}).code).to.equal(5)
  })
})

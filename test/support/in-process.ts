/**
 * Setup through the use cases in this process, for tests that need many applications fast (the fault
 * and hostile-mail tests): the same use cases as `nss apply` and `nss review --query`, without paying a
 * CLI start-up per call. What the tests then exercise still runs as real CLI processes.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {applyForSettings} from '../../src/app/apply.use-case'
import {openContext} from '../../src/app/context'
import {deliverOutbox, toOutboxMail} from '../../src/app/deliver-outbox.use-case'
import {queryApplication} from '../../src/app/review.use-case'
import {OutboundMailer} from '../../src/mail/outbound/mailer'
import {OutboxMailEntity} from '../../src/store/entities'
import {EXAMPLES, tempHome} from './cli'
import {readSpool, SEED_NOTICE, SentMail, spoolDir} from './replies'
import {testConfig} from './store'

/**
 * `count` applications of office NACCS01 (the example application; contact address `contactEmail(i)`
 * when given), each queried by reviewer r.sato with the seed's notice. With `deliver`, their receipt
 * and query mails are delivered to the desk's spool folder at once (for replies built from the query
 * mail); without it they stay pending in the outbox. Returns the receipt numbers in order.
 */
export async function applicationsUnderQuery(
  home: string, count: number, options: {contactEmail?: (index: number) => string; deliver?: boolean} = {},
): Promise<string[]> {
  const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'application.json'), 'utf8'))
  const ctx = await openContext({config: testConfig({NSS_HOME: home})})
  try {
    const receiptNos: string[] = []
    for (let i = 0; i < count; i++) {
      const input = options.contactEmail ? {...example, contact: {...example.contact, email: options.contactEmail(i)}} : example
      const {receiptNo} = await applyForSettings(ctx, {kind: 'office', code: 'NACCS01'}, input)
      await queryApplication(ctx, {kind: 'reviewer', id: 'r.sato'}, receiptNo, SEED_NOTICE)
      receiptNos.push(receiptNo)
    }
    if (options.deliver) await deliverOutbox(ctx)
    return receiptNos
  } finally {
    await ctx.store.close()
  }
}

/**
 * The query mails as the offices will receive them, composed from their outbox rows exactly as the
 * daemon will send them (same Message-ID, Reply-To and form), without sending: the daemon does that.
 */
export async function composeQueryMails(home: string): Promise<Map<string, SentMail>> {
  const ctx = await openContext({config: testConfig({NSS_HOME: home})})
  const folder = tempHome()
  try {
    const rows = await ctx.store.read(m => m.find(OutboxMailEntity, {where: {kind: 'query'}}))
    const mailer = await OutboundMailer.open(ctx.config, ctx.secret())
    fs.mkdirSync(spoolDir(folder), {recursive: true})
    for (const row of rows) {
      const message = await mailer.prepare(toOutboxMail(row))
      fs.writeFileSync(path.join(spoolDir(folder), `${row.id}.eml`), message.raw)
    }
    await mailer.close()
  } finally {
    await ctx.store.close()
  }
  const mails = await readSpool(folder)
  fs.rmSync(folder, {recursive: true, force: true})
  return new Map(mails.map(m => [/^<([0-9A-Z]{8})\.query\./.exec(m.messageId)![1], m]))
}

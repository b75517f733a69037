/**
 * Setup through the use cases in this process, for tests that need many applications fast (the fault
 * and hostile-mail tests): the same use cases as `nss apply` and `nss review --query`, without paying a
 * CLI start-up per call. What the tests then exercise still runs as real CLI processes.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {applyForSettings} from '../../src/app/apply.use-case'
import {testConfig} from './store'
import {openContext} from '../../src/app/context'
import {deliverOutbox} from '../../src/app/deliver-outbox.use-case'
import {queryApplication} from '../../src/app/review.use-case'
import {EXAMPLES} from './cli'
import {SEED_NOTICE} from './replies'

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

import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type {DeskConfig} from '../../../src/app/config'
import {checkHealth} from '../../../src/app/health.use-case'
import {NotFoundError} from '../../../src/domain/errors'
import {text} from '../../../src/domain/messages/text'

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/

describe('the language of nss health\'s reasons (issue 13)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-health-'))
  const config = {home, store: {kind: 'sqlite'}, healthMinFreeMiB: 1} as unknown as DeskConfig
  const noStore = async (): Promise<never> => {
    throw new NotFoundError(text('store.noStore', {file: 'nss.sqlite'}))
  }
  after(() => fs.rmSync(home, {recursive: true, force: true}))

  it('says them in English unless told a locale, as the desk server\'s /readyz answers a load balancer', async () => {
    const report = await checkHealth(config, noStore, () => new Date())
    const reasons = Object.fromEntries(report.checks.map(c => [c.name, c.reason]))
    expect(reasons.store).to.equal('no store at nss.sqlite: run `nss init` first')
    expect(reasons.outbox).to.equal('not checked: the store cannot be read')
    expect(reasons.disk).to.match(/^\d+ MiB free of \d+ MiB \(\d+\.\d %\) in /)
    for (const reason of Object.values(reasons)) expect(reason).not.to.match(JAPANESE)
  })

  it('says them in the reader\'s language when told it (nss health: NSS_LOCALE, else Japanese)', async () => {
    const report = await checkHealth(config, noStore, () => new Date(), {locale: 'ja'})
    const reasons = Object.fromEntries(report.checks.map(c => [c.name, c.reason]))
    expect(reasons.store).to.equal('nss.sqlite にストアがありません。先に `nss init` を実行してください。')
    expect(reasons.outbox).to.equal('ストアを読めないため確認していません。')
    expect(reasons.disk).to.match(/ の空きは \d+ MiB のうち \d+ MiB（\d+\.\d %）です。$/)
    expect(report.checks.map(c => c.status)).to.deep.equal(['fail', 'fail', 'fail', 'fail', 'fail', 'ok'])
  })
})

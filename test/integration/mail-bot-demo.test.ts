/**
 * Acceptance 6 of issue 4: `nss demo` walks the seed scenario with the amendment made by mail — a reply
 * to the query mail placed in the Maildir of the temporary home and read by one daemon cycle — and
 * prints the reply and the new receipt number.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {nss} from '../support/cli'

describe('nss demo with the mail bot', () => {
  it('amends through a reply mail in the Maildir, read by the daemon cycle, and exits 0', () => {
    const result = nss(['demo', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const steps: any[] = result.json.steps
    const [original, amended] = steps.filter(s => s.kind === 'submission').map(s => s.value)
    const reply = steps.find(s => s.kind === 'reply').value
    const bot = steps.find(s => s.kind === 'bot').value

    expect(reply.to).to.match(new RegExp(`^nss\\+${original.receiptNo}\\.[a-z2-7]{16}@nss-desk\\.localhost$`))
    expect(reply.from).to.equal('taro@example.jp')
    expect(reply.text).to.contain('操作: 修正').and.contain('[1ANAC] パスワード初期化: A0A, A0B, A01, A02, A03')
    expect(bot).to.deep.equal([{ref: path.basename(reply.file), outcome: 'amended', receiptNo: original.receiptNo, newReceiptNo: amended.receiptNo}])
    expect(amended).to.deep.equal({receiptNo: amended.receiptNo, status: 'received', supersedes: original.receiptNo})
    expect(amended.receiptNo).to.not.equal(original.receiptNo)
    // The reply was marked done in the temporary home's Maildir.
    expect(fs.readdirSync(path.join(result.json.home, 'mail', 'inbox', 'cur'))).to.deep.equal([`${path.basename(reply.file)}:2,S`])
    // The amended application is the one completed, and its passwords are shown.
    expect(steps.find(s => s.kind === 'passwords').value.receiptNo).to.equal(amended.receiptNo)
  })

  it('prints the reply mail and the bot outcome with the new receipt number, on the embedded defaults whatever the environment says', () => {
    // An IMAP mailbox and the DMARC gate configured for the real desk do not reach the demo's home.
    const result = nss(['demo'], {env: {NSS_IMAP_URL: 'imap://desk:pw@127.0.0.1:1/INBOX', NSS_REQUIRE_DMARC: '1'}})
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.match(/\$ a reply to the query mail, delivered into mail\/inbox\/new\/\S+\n {2}│ From: taro@example\.jp\n {2}│ To: nss\+\d{7}C\.[a-z2-7]{16}@nss-desk\.localhost/)
    const outcome = /: amended (\d{7}C) → (\d{7}C)\n/.exec(result.stdout)
    expect(outcome, result.stdout).to.not.equal(null)
    expect(result.stdout).to.contain(`【${outcome![2]}】システム設定申込 受付完了のお知らせ`)
    expect(result.stdout).to.contain(`修正元の申込受付番号：${outcome![1]}`)
  })
})

/**
 * `nss demo` shows each mail of the seed scenario as delivered (SPEC §9, §10): subject and text, and
 * the spool file it became in the temporary home.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {nss} from '../support/cli'

describe('nss demo with its mails', () => {
  it('delivers the receipt, query, amended receipt and completion mails into the demo home and shows each one', () => {
    const result = nss(['demo', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const mails = result.json.steps.filter((s: any) => s.kind === 'mail').flatMap((s: any) => s.value)
    const [original, amended] = result.json.steps.filter((s: any) => s.kind === 'submission').map((s: any) => s.value.receiptNo)
    expect(mails.map((m: any) => [m.subject, m.status])).to.deep.equal([
      [`【${original}】システム設定申込 受付完了のお知らせ`, 'sent'],
      [`【${original}】システム設定申込 内容確認のお願い`, 'sent'],
      [`【${amended}】システム設定申込 受付完了のお知らせ`, 'sent'],
      [`【${amended}】システム設定申込 確認完了のお知らせ`, 'sent'],
    ])
    expect(mails[1].text).to.contain('-----ここから返信フォーム-----')
    expect(mails[2].text).to.contain(`修正元の申込受付番号：${original}`)
    expect(mails[3].text).to.contain('利用者情報登録(URY)')

    const passwords = result.json.steps.find((s: any) => s.kind === 'passwords').value.passwords.map((p: any) => p.password)
    for (const password of passwords) for (const mail of mails) expect(mail.text).not.to.contain(password)
    const spool = path.join(result.json.home, 'mail', 'outbox')
    expect(fs.readdirSync(spool).sort()).to.deep.equal(mails.map((m: any) => `${m.messageId.slice(1, -1)}.eml`).sort())
  })

  it('prints each mail under its step in human output', () => {
    const result = nss(['demo'])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.match(/mail sent:\n {2}│ To: taro@example\.jp, admin@example\.jp\n {2}│ Subject: 【\d{7}C】システム設定申込 受付完了のお知らせ/)
    expect(result.stdout).to.contain('  │ NACCSのご利用ありがとうございます。')
  })
})

/**
 * Acceptance 2 of issue 4 (SPEC §11 steps 3–8): hand-made replies to the real query mail, in the shapes
 * of Gmail, Outlook, Thunderbird and the iPhone in Japanese — ISO-2022-JP, Shift_JIS, UTF-8 base64 and
 * quoted-printable, HTML only — amend and withdraw through `nss daemon --once`, which reads the Maildir,
 * acts through the same use cases as the CLI and answers with the normal receipt or withdrawal mail.
 */
import {expect} from 'chai'
import {seededDesk} from '../support/cli'
import {
  applyAndQuery, buildReply, daemonOnce, deliverToMaildir, editForm, formOf, maildirState, readQueryMail, ReplyCharset,
  ReplyClient, sentMailsOf, statusOf, withForm,
} from '../support/replies'

/** The seed's amendment (examples/amend.json) as lines of the reply form. */
const SEED_AMENDMENT = {
  操作: '修正',
  備考: 'ご指摘に従い、1ANACは全IDの初期化を申し込みます',
  '[1ANAC] パスワード初期化': 'A0A, A0B, A01, A02, A03',
  '[1ANAC] パスワード初期化の希望理由': '担当者の異動のため全IDを初期化',
}

type Placement = 'above the quote' | 'inside the quote'

interface ClientCase {
  client: ReplyClient
  charset: ReplyCharset
  htmlOnly?: boolean
  /** Where the office edits the form: a copy written above the quote, or the quoted form itself. */
  placement: Placement
}

const AMENDING: ClientCase[] = [
  {client: 'gmail', charset: 'utf-8-base64', placement: 'above the quote'},
  {client: 'outlook', charset: 'iso-2022-jp', placement: 'inside the quote'},
  {client: 'thunderbird', charset: 'shift_jis', placement: 'inside the quote'},
  {client: 'iphone', charset: 'iso-2022-jp', placement: 'above the quote'},
  {client: 'gmail', charset: 'utf-8-qp', htmlOnly: true, placement: 'inside the quote'},
  {client: 'outlook', charset: 'shift_jis', htmlOnly: true, placement: 'inside the quote'},
]

const WITHDRAWING: Array<ClientCase & {how: 'first line' | 'form'}> = [
  {client: 'iphone', charset: 'iso-2022-jp', placement: 'above the quote', how: 'first line'},
  {client: 'outlook', charset: 'shift_jis', placement: 'inside the quote', how: 'form'},
  {client: 'thunderbird', charset: 'utf-8-qp', placement: 'inside the quote', how: 'first line'},
  {client: 'gmail', charset: 'utf-8-base64', htmlOnly: true, placement: 'above the quote', how: 'form'},
  {client: 'iphone', charset: 'shift_jis', htmlOnly: true, placement: 'inside the quote', how: 'form'},
]

function describeCase(c: ClientCase): string {
  return `${c.client} (${c.htmlOnly ? `HTML only, ${c.charset}` : c.charset}, form ${c.placement})`
}

describe('mail bot: replies from Japanese mail clients', function () {
  let desk: ReturnType<typeof seededDesk>

  before(function () {
    desk = seededDesk()
  })

  for (const c of AMENDING) {
    it(`amends from a ${describeCase(c)} reply: a new receipt number, and its receipt mail`, async function () {
      const receiptNo = applyAndQuery(desk)
      const query = await readQueryMail(desk.home, receiptNo)
      const edited = editForm(formOf(query.text), SEED_AMENDMENT)
      const reply = buildReply(query, {
        client: c.client, charset: c.charset, htmlOnly: c.htmlOnly,
        body: c.placement === 'above the quote' ? `お世話になっております。\n下記のとおり修正します。\n\n${edited}\n\nよろしくお願いいたします。` : 'お世話になっております。\n引用部分の返信フォームを修正しました。\nよろしくお願いいたします。',
        quotedText: c.placement === 'inside the quote' ? withForm(query.text, edited) : undefined,
      })
      const ref = deliverToMaildir(desk.home, reply)

      const run = daemonOnce(desk.home)
      const inbound = run.json.lastCycle.inbound
      expect(inbound.map((r: any) => [r.ref, r.outcome]), run.stderr).to.deep.equal([[ref, 'amended']])
      const newReceiptNo = inbound[0].newReceiptNo
      expect(newReceiptNo).to.match(/^\d{7}C$/).and.not.equal(receiptNo)

      const original = statusOf(desk, receiptNo)
      expect(original.status).to.equal('superseded')
      expect(original.supersededBy).to.equal(newReceiptNo)
      const amended = statusOf(desk, newReceiptNo)
      expect(amended.status).to.equal('received')
      expect(amended.supersedes).to.equal(receiptNo)
      expect(amended.remarks).to.equal(SEED_AMENDMENT.備考)
      const reset = amended.entries.find((e: any) => e.userCode === '1ANAC').passwordReset
      expect(reset.ids).to.deep.equal(['A0A', 'A0B', 'A01', 'A02', 'A03'])
      expect(reset.reason).to.equal('担当者の異動のため全IDを初期化')
      // The rest of the application is carried over unchanged.
      expect(amended.entries.find((e: any) => e.userCode === '1BNAC').registration).to.deep.equal({officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'})

      // The answer is the normal receipt mail for the new number, naming the original, sent in the same run.
      const receipts = await sentMailsOf(desk.home, newReceiptNo, 'receipt')
      expect(receipts).to.have.length(1)
      expect(receipts[0].text).to.contain(`修正元の申込受付番号：${receiptNo}`)
      expect(receipts[0].to).to.have.members(['taro@example.jp', 'admin@example.jp'])
      expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(0)
      // Step 8: marked done in the Maildir (cur/, S flag) after the commit.
      expect(maildirState(desk.home).done).to.include(`${ref}:2,S`)
    })
  }

  for (const c of WITHDRAWING) {
    it(`withdraws from a ${describeCase(c)} reply (${c.how === 'first line' ? '「取下げ」 on the first line' : '操作: 取下げ in the form'})`, async function () {
      const receiptNo = applyAndQuery(desk)
      const query = await readQueryMail(desk.home, receiptNo)
      const form = editForm(formOf(query.text), {操作: '取下げ'})
      const body = c.how === 'first line'
        ? '取り下げ\n\nお手数をおかけしました。'
        : c.placement === 'above the quote' ? `取り下げをお願いします。\n\n${form}` : '取り下げをお願いします。'
      const reply = buildReply(query, {
        client: c.client, charset: c.charset, htmlOnly: c.htmlOnly, body,
        quotedText: c.how === 'form' && c.placement === 'inside the quote' ? withForm(query.text, form) : undefined,
      })
      deliverToMaildir(desk.home, reply)

      const run = daemonOnce(desk.home)
      expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['withdrawn'])
      expect(statusOf(desk, receiptNo).status).to.equal('withdrawn')
      const withdrawals = await sentMailsOf(desk.home, receiptNo, 'withdrawal')
      expect(withdrawals).to.have.length(1)
      expect(withdrawals[0].to).to.have.members(['taro@example.jp', 'admin@example.jp'])
      expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(0)
    })
  }

  it('keeps a reply that only quotes the mail (操作 left blank as sent) as a message from the office (issue 14): no reply-error, nothing changes', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: '承知しました。確認します。'}))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['office-message'])
    const status = statusOf(desk, receiptNo)
    expect(status.status).to.equal('query')
    expect(status.log.filter((l: any) => l.item === '事業所からの連絡').map((l: any) => l.notice)).to.deep.equal(['承知しました。確認します。'])
    expect(await sentMailsOf(desk.home, receiptNo, 'reply-error')).to.have.length(0)
  })

  it('still answers a quoted form the office edited but left 操作 blank with one reply-error listing the problem, and changes nothing', async function () {
    const receiptNo = applyAndQuery(desk)
    const query = await readQueryMail(desk.home, receiptNo)
    const edited = editForm(formOf(query.text), {備考: '全IDを初期化します'})
    deliverToMaildir(desk.home, buildReply(query, {client: 'gmail', charset: 'utf-8-base64', body: '修正しました。', quotedText: withForm(query.text, edited)}))

    const run = daemonOnce(desk.home)
    expect(run.json.lastCycle.inbound.map((r: any) => r.outcome), run.stderr).to.deep.equal(['reply-error'])
    expect(statusOf(desk, receiptNo).status).to.equal('query')
    const errors = await sentMailsOf(desk.home, receiptNo, 'reply-error')
    expect(errors).to.have.length(1)
    expect(errors[0].to).to.deep.equal(['taro@example.jp'])
    expect(errors[0].text).to.contain('「操作:」の後に「修正」または「取下げ」と書いてください。')
    // It carries the form again with the signed Reply-To, so the office can correct it and reply.
    expect(errors[0].replyTo).to.equal(query.replyTo)
    expect(errors[0].text).to.contain('-----ここから返信フォーム-----')
  })
})

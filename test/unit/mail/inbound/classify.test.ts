import {expect} from 'chai'
import {classifyMessage} from '../../../../src/mail/inbound/classify'
import {parseMessage} from '../../../../src/mail/inbound/parse'

const OURS = {domain: 'nss-desk.example.jp', loopHeader: 'X-NSS-Loop'}

async function classify(headers: string[], body = 'こんにちは'): Promise<ReturnType<typeof classifyMessage>> {
  const base = ['From: Yamada <yamada@example.co.jp>', 'To: nss@nss-desk.example.jp', 'Subject: Re: 【2101910C】申込内容の確認', 'Message-ID: <m1@example.co.jp>']
  const names = new Set(headers.map((line) => line.slice(0, line.indexOf(':')).toLowerCase()))
  const lines = [...base.filter((line) => !names.has(line.slice(0, line.indexOf(':')).toLowerCase())), ...headers]
  return classifyMessage(await parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8')), OURS)
}

describe('classify', () => {
  it("calls an office's plain reply human", async () => {
    expect((await classify(['In-Reply-To: <q1@nss-desk.example.jp>'])).kind).to.equal('human')
  })

  it('calls Auto-Submitted other than "no" an auto-reply (RFC 3834 §5), and "no" not', async () => {
    expect(await classify(['Auto-Submitted: auto-replied'])).to.include({kind: 'auto-reply'})
    expect(await classify(['Auto-Submitted: auto-generated; owner-email="x@y.jp"'])).to.include({kind: 'auto-reply'})
    expect((await classify(['Auto-Submitted: no'])).kind).to.equal('human')
  })

  it('calls X-Autoreply, Precedence junk, Exchange suppression and Japanese vacation subjects auto-replies', async () => {
    for (const headers of [['X-Autoreply: yes'], ['Precedence: junk'], ['X-Auto-Response-Suppress: All'], ['Subject: 自動応答: 不在にしております'], ['Subject: 【不在通知】2月5日まで'], ['Subject: Out of Office: 申込']]) {
      expect((await classify(headers)).kind, headers.join()).to.equal('auto-reply')
    }
  })

  it('calls a list or bulk mail an auto-reply, even one answering a thread (SPEC §11 step 2: never answered)', async () => {
    expect((await classify(['Precedence: bulk', 'List-Unsubscribe: <mailto:u@x.jp>', 'Subject: ニュースレター'])).kind).to.equal('auto-reply')
    expect((await classify(['List-Id: <office.lists.example.co.jp>', 'In-Reply-To: <q1@nss-desk.example.jp>'])).kind).to.equal('auto-reply')
    expect((await classify(['Precedence: list', 'References: <q1@nss-desk.example.jp>'])).kind).to.equal('auto-reply')
  })

  it('does not take an Exchange rule-loop header alone for an auto-reply (a forward by rule)', async () => {
    expect((await classify(['X-MS-Exchange-Inbox-Rules-Loop: yamada@example.co.jp'])).kind).to.equal('human')
  })

  it('calls mail with our loop header, from our domain or with our Message-ID our own', async () => {
    expect(await classify(['X-NSS-Loop: nss-desk.example.jp'])).to.include({kind: 'own'})
    expect(await classify(['From: NSS <nss@NSS-DESK.example.jp>'])).to.include({kind: 'own'})
    expect(await classify(['Message-ID: <outbox-7@nss-desk.example.jp>'])).to.include({kind: 'own'})
  })

  it('reads a plain MAILER-DAEMON bounce: failed recipient, status, original Message-ID and the VERP local part', async () => {
    const body = [
      'This is the mail system at host mx.example.co.jp.',
      '',
      'I\'m sorry to have to inform you that your message could not be delivered.',
      '',
      '<gone@example.co.jp>: host mx said: 550 5.1.1 User unknown',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'Message-ID: <outbox-42@nss-desk.example.jp>',
      'Subject: 【2101910C】申込内容の確認',
    ].join('\r\n')
    const result = await classify([
      'Return-Path: <>',
      'From: MAILER-DAEMON@example.co.jp (Mail Delivery System)',
      'To: nss+bounce.42.abcdefghijklmnop@nss-desk.example.jp',
      'Delivered-To: nss+bounce.42.abcdefghijklmnop@nss-desk.example.jp',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@example.co.jp>',
    ], body)
    expect(result.kind).to.equal('bounce')
    expect(result.bounce).to.deep.equal({
      originalMessageId: '<outbox-42@nss-desk.example.jp>',
      recipient: 'gone@example.co.jp',
      status: '5.1.1',
      verpLocalPart: 'nss+bounce.42.abcdefghijklmnop',
    })
  })

  it('reads a VERP local part only at our domain', async () => {
    const result = await classify(['From: MAILER-DAEMON@example.co.jp', 'Subject: Undelivered Mail Returned to Sender', 'To: nss+bounce.42.abc@elsewhere.example'], 'user unknown')
    expect(result.kind).to.equal('bounce')
    expect(result.bounce?.verpLocalPart).to.equal(undefined)
  })

  it('calls a null-sender mail with a Japanese bounce subject a bounce, and one without an auto-reply', async () => {
    expect((await classify(['Return-Path: <>', 'Subject: メール配信エラー通知'], 'user unknown'))).to.include({kind: 'bounce'})
    expect((await classify(['Return-Path: <>', 'Subject: お知らせ'])).kind).to.equal('auto-reply')
  })
})

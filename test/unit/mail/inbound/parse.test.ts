import {expect} from 'chai'
import iconv = require('iconv-lite')
import {parseMessage, UnparseableMessageError} from '../../../../src/mail/inbound/parse'

/**
 * ISO-2022-JP bytes the way Windows and iPhone write them (CP50220): each CP932 double-byte
 * character as its JIS row and cell, so NEC row 13 (①, ㈱, Ⅱ) is included.
 */
function toIso2022Jp(text: string): Buffer {
  const out: number[] = []
  let isJis = false
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) {
      if (isJis) out.push(0x1b, 0x28, 0x42)
      isJis = false
      out.push(char.charCodeAt(0))
      continue
    }
    const [s1, s2] = iconv.encode(char, 'cp932')
    let j1 = (s1 - (s1 >= 0xe0 ? 0xb0 : 0x70)) << 1
    let j2 = s2
    if (s2 < 0x9f) {
      j1--
      j2 -= s2 > 0x7f ? 0x20 : 0x1f
    } else {
      j2 -= 0x7e
    }
    if (!isJis) out.push(0x1b, 0x24, 0x42)
    isJis = true
    out.push(j1, j2)
  }
  if (isJis) out.push(0x1b, 0x28, 0x42)
  return Buffer.from(out)
}

function mail(headers: string[], body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(headers.join('\r\n') + '\r\n\r\n', 'latin1'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body])
}

const BASE = ['From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <Yamada@Example.CO.JP>', 'To: nss+2101910C.abcd@nss-desk.example.jp', 'Date: Tue, 2 Feb 2021 11:15:00 +0900']

describe('parse', () => {
  describe('Japanese charsets', () => {
    it('decodes NEC special characters (① ㈱ Ⅱ) in an ISO-2022-JP subject and body as CP50220 does', async () => {
      const subject = `=?ISO-2022-JP?B?${toIso2022Jp('①㈱サンプルⅡ').toString('base64')}?=`
      const raw = mail([...BASE, `Subject: ${subject}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'], toIso2022Jp('丸数字①②、㈱、Ⅱです。\r\n'))
      const message = await parseMessage(raw)
      expect(message.subject).to.equal('①㈱サンプルⅡ')
      expect(message.text).to.equal('丸数字①②、㈱、Ⅱです。\n')
      expect(message.textCharset).to.equal('iso-2022-jp')
      expect(message.problems).to.deep.equal([])
    })

    it('decodes half-width katakana written with ESC ( I in ISO-2022-JP', async () => {
      const body = Buffer.concat([Buffer.from('\x1b(I', 'latin1'), Buffer.from([0x36, 0x40, 0x36, 0x45]), Buffer.from('\x1b(B\r\n', 'latin1')])
      const message = await parseMessage(mail([...BASE, 'Subject: kana', 'Content-Type: text/plain; charset=iso-2022-jp'], body))
      expect(message.text.trim()).to.equal('ｶﾀｶﾅ')
    })

    it('reads unlabelled Shift_JIS (no charset) by detection, with its ㈱', async () => {
      const message = await parseMessage(mail([...BASE, 'Subject: sjis', 'Content-Type: text/plain'], iconv.encode('受付番号: 2101910C\r\n㈱サンプル 取下げます', 'cp932')))
      expect(message.text).to.equal('受付番号: 2101910C\n㈱サンプル 取下げます')
      expect(message.textCharset).to.equal('cp932')
      expect(message.problems.join(' ')).to.match(/cp932 content labelled/)
    })

    it('reads EUC-JP and a raw 8-bit Shift_JIS subject', async () => {
      const raw = Buffer.concat([
        Buffer.from(BASE.join('\r\n') + '\r\nSubject: ', 'latin1'),
        iconv.encode('【2101910C】修正', 'cp932'),
        Buffer.from('\r\nContent-Type: text/plain; charset=EUC-JP\r\n\r\n', 'latin1'),
        iconv.encode('修正します。', 'euc-jp'),
      ])
      const message = await parseMessage(raw)
      expect(message.subject).to.equal('【2101910C】修正')
      expect(message.text).to.equal('修正します。')
    })

    it('reads UTF-8 sent as us-ascii, and ISO-2022-JP in quoted-printable with a soft break inside an escape run', async () => {
      const utf8 = await parseMessage(mail([...BASE, 'Subject: x', 'Content-Type: text/plain; charset=us-ascii'], '取下げ'))
      expect(utf8.text).to.equal('取下げ')
      const jis = toIso2022Jp('申込内容を修正します').toString('latin1')
      const qp = jis.replace(/\x1b/g, '=1B').replace(/^(.{12})/, '$1=\r\n')
      const message = await parseMessage(mail([...BASE, 'Subject: x', 'Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: quoted-printable'], qp))
      expect(message.text).to.equal('申込内容を修正します')
    })

    it('joins adjacent encoded words before decoding, so a character split between them survives (RFC 2047 §6.2)', async () => {
      const bytes = Buffer.from('申込', 'utf8')
      const first = bytes.subarray(0, 4).toString('base64')
      const second = bytes.subarray(4).toString('base64')
      const message = await parseMessage(mail([...BASE, `Subject: =?UTF-8?B?${first}?=\r\n =?UTF-8?B?${second}?=`], 'x'))
      expect(message.subject).to.equal('申込')
    })
  })

  describe('HTML-only mail', () => {
    it('turns HTML into text: scripts and styles dropped, entities decoded, <br>/<p>/<div> as line breaks, <blockquote> as "> "', async () => {
      const html = [
        '<html><head><title>t</title><style>p {color: red}</style><script>alert(1)</script></head><body>',
        '<div>受付番号: 2101910C</div><p>操作：&nbsp;修正</p>A &amp; B &lt;ok&gt; &#9312; &#x3231;<br>next line',
        '<blockquote><div>quoted line</div></blockquote></body></html>',
      ].join('')
      const message = await parseMessage(mail([...BASE, 'Subject: html', 'Content-Type: text/html; charset=utf-8'], html))
      expect(message.textSource).to.equal('html')
      expect(message.text).to.equal('受付番号: 2101910C\n操作： 修正\nA & B <ok> ① ㈱\nnext line\n> quoted line')
      expect(message.html).to.include('<script>')
    })

    it('takes the HTML alternative when the text/plain one is empty', async () => {
      const body = ['--b', 'Content-Type: text/plain', '', '', '--b', 'Content-Type: text/html', '', '<p>from html</p>', '--b--', ''].join('\r\n')
      const message = await parseMessage(mail([...BASE, 'Subject: alt', 'Content-Type: multipart/alternative; boundary=b'], body))
      expect(message.text).to.equal('from html')
    })
  })

  describe('headers and structure', () => {
    it('lower-cases the From address, decodes its name, and normalises ids and References', async () => {
      const message = await parseMessage(mail([...BASE, 'Subject: ids', 'Message-ID: abc@example.co.jp', 'In-Reply-To: <q1@nss-desk.example.jp> (NACCS)', 'References: <r1@x.jp><r2@x.jp>,<q1@nss-desk.example.jp>'], 'x'))
      expect(message.from).to.deep.equal({address: 'yamada@example.co.jp', name: '山田 太郎'})
      expect(message.to).to.deep.equal([{address: 'nss+2101910c.abcd@nss-desk.example.jp', name: ''}])
      expect(message.messageId).to.equal('<abc@example.co.jp>')
      expect(message.inReplyTo).to.equal('<q1@nss-desk.example.jp>')
      expect(message.references).to.deep.equal(['<r1@x.jp>', '<r2@x.jp>', '<q1@nss-desk.example.jp>'])
      expect(message.date?.toISOString()).to.equal('2021-02-02T02:15:00.000Z')
      expect(message.headers['subject']).to.deep.equal(['ids'])
    })

    it('gives a null Message-ID and a stable SHA-256 when the message has none', async () => {
      const raw = mail([...BASE, 'Subject: none'], 'x')
      const message = await parseMessage(raw)
      expect(message.messageId).to.equal(null)
      expect(message.sha256).to.equal((await parseMessage(Buffer.from(raw))).sha256).and.to.match(/^[0-9a-f]{64}$/)
    })

    it('lists attachments without keeping their contents, and keeps the returned message headers of a report', async () => {
      const body = [
        '--r', 'Content-Type: text/plain', '', 'Your message could not be delivered.',
        '--r', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.jp', '', 'Final-Recipient: rfc822; gone@example.jp', 'Action: failed', 'Status: 5.1.1',
        '--r', 'Content-Type: message/rfc822', '', 'Message-ID: <sent-1@nss-desk.example.jp>', 'Subject: =?UTF-8?B?44CQMjEwMTkxMEPjgJE=?=', '', 'body',
        '--r--', '',
      ].join('\r\n')
      const message = await parseMessage(mail([...BASE, 'Subject: Undelivered', 'Content-Type: multipart/report; report-type=delivery-status; boundary=r'], body))
      expect(message.report.reportType).to.equal('delivery-status')
      expect(message.report.deliveryStatus).to.include('Status: 5.1.1')
      expect(message.report.returnedHeaders).to.include('message-id: <sent-1@nss-desk.example.jp>').and.include('subject: 【2101910C】')
      expect(message.attachments.map((a) => a.contentType)).to.deep.equal(['message/delivery-status', 'message/rfc822'])
      expect(message.attachments[1].size).to.be.greaterThan(0)
    })

    it('reads a named file from RFC 2231 parameters (filename*0*=…) and its size', async () => {
      const body = ['--m', 'Content-Type: text/plain', '', 'see file', '--m', 'Content-Type: application/octet-stream', "Content-Disposition: attachment; filename*0*=UTF-8''%E7%94%B3%E8%BE%BC; filename*1=.csv", 'Content-Transfer-Encoding: base64', '', Buffer.from('a,b\n').toString('base64'), '--m--', ''].join('\r\n')
      const message = await parseMessage(mail([...BASE, 'Subject: file', 'Content-Type: multipart/mixed; boundary=m'], body))
      expect(message.text.trim()).to.equal('see file')
      expect(message.attachments.map(({content: _content, ...a}) => a)).to.deep.equal([{filename: '申込.csv', contentType: 'application/octet-stream', size: 4, disposition: 'attachment', contentId: null}])
      expect(message.attachments[0].content.length).to.equal(4)
    })

    it('reads only the headers of a message over maxBytes', async () => {
      const raw = mail([...BASE, 'Subject: big', 'Message-ID: <big@x.jp>'], 'x'.repeat(2000))
      const message = await parseMessage(raw, {maxBytes: 1000})
      expect(message.tooLarge).to.equal(true)
      expect(message.subject).to.equal('big')
      expect(message.messageId).to.equal('<big@x.jp>')
      expect(message.text).to.equal('')
    })

    it('rejects bytes that are not mail with UnparseableMessageError, and an empty message too', async () => {
      for (const raw of [Buffer.alloc(0), Buffer.from('// Not an RFC-822 Document')]) {
        let thrown: unknown
        try {
          await parseMessage(raw)
        } catch (error) {
          thrown = error
        }
        expect(thrown).to.be.instanceOf(UnparseableMessageError)
      }
    })
  })
})

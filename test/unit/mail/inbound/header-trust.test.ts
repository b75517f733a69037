/**
 * The second reading of a header section (issue 11 point 1, src/mail/inbound/header-trust.ts) and the
 * check that mailauth's DMARC verdict is about the desk's From (src/mail/inbound/dmarc.ts).
 */
import {expect} from 'chai'
import {verdictMismatch} from '../../../../src/mail/inbound/dmarc'
import {headerAmbiguity} from '../../../../src/mail/inbound/header-trust'
import {parseMessage} from '../../../../src/mail/inbound/parse'

const BODY = '\r\n本文\r\n'

async function ambiguityOf(head: string, body = BODY): Promise<string | null> {
  const raw = Buffer.from(head + body, 'latin1')
  const parsed = await parseMessage(raw)
  return headerAmbiguity(raw, parsed.from?.address ?? null)
}

describe('a From beyond doubt (header-trust)', () => {
  it('accepts one plain From, in CRLF or bare LF throughout, folded or with a display name', async () => {
    expect(await ambiguityOf('From: =?UTF-8?B?6YCa6Zai?= <Taro@Example.jp>\r\nTo: nss@x.jp\r\nSubject: a\r\n b\r\n')).to.equal(null)
    expect(await ambiguityOf('From: "Tsukan, Taro"\n <taro@example.jp>\nSubject: a\n', '\n本文\n')).to.equal(null)
    // A CR in the body is the body's business.
    expect(await ambiguityOf('From: taro@example.jp\r\n', '\r\nline\rline\r\n')).to.equal(null)
  })

  it('refuses a bare CR, mixed line ends, and a header section over 1 MB', async () => {
    expect(await ambiguityOf('X-Mailer: x\rFrom: <taro@example.jp>\r\nFrom: <a@evil.example>\r\n')).to.match(/^a bare CR in the header section/)
    expect(await ambiguityOf('From: taro@example.jp\r\nX-A: 1\nSubject: s\r\n')).to.equal('mixed line ends in the header section (2 CRLF, 1 bare LF)')
    expect(await ambiguityOf('From: taro@example.jp\nX-A: 1\r\n', '\n本文\n')).to.match(/^mixed line ends/)
    expect(await ambiguityOf(`From: taro@example.jp\r\nX-Pad: ${'a'.repeat(1024 * 1024)}\r\n`)).to.equal('header section over 1048576 bytes')
  })

  it('refuses no From, two From, several addresses, a group, no address', async () => {
    expect(await ambiguityOf('To: nss@x.jp\r\n')).to.equal('no From header')
    expect(await ambiguityOf('From: taro@example.jp\r\nFROM: a@evil.example\r\n')).to.equal('2 From headers')
    expect(await ambiguityOf('From: taro@example.jp, a@evil.example\r\n')).to.equal('the From header has 2 addresses')
    expect(await ambiguityOf('From: Staff: taro@example.jp;\r\n')).to.equal('the From header is a group')
    expect(await ambiguityOf('From: Tsukan Taro\r\n')).to.equal('the From header has no address')
  })

  it('refuses a From that the desk reads otherwise (an address only in a comment)', async () => {
    expect(await ambiguityOf('From: Taro (taro@example.jp)\r\n')).to.match(/^the From header (has no address|is read as)/)
    expect(await headerAmbiguity(Buffer.from('From: taro@example.jp\r\n\r\n'), 'attacker@evil.example'))
      .to.equal('the From header is read as attacker@evil.example by the desk and as taro@example.jp by mailauth\'s reading')
  })
})

describe('a DMARC verdict about the From acted on', () => {
  const verdict = (fromAddresses: string[]) => ({pass: true, detail: 'dmarc=pass', fromAddresses})
  it('counts only for exactly the desk\'s From', () => {
    expect(verdictMismatch(verdict(['taro@example.jp']), 'taro@example.jp')).to.equal(null)
    expect(verdictMismatch(verdict(['attacker@evil.example']), 'taro@example.jp')).to.equal('DMARC judged the From domain evil.example, not example.jp')
    expect(verdictMismatch(verdict(['jiro@example.jp']), 'taro@example.jp')).to.equal('DMARC judged the From jiro@example.jp, not taro@example.jp')
    expect(verdictMismatch(verdict([]), 'taro@example.jp')).to.equal('DMARC judged 0 From addresses, not one')
    expect(verdictMismatch(verdict(['taro@example.jp', 'a@evil.example']), 'taro@example.jp')).to.equal('DMARC judged 2 From addresses, not one')
  })
})

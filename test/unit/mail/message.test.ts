import {expect} from 'chai'
import {dkimVerify} from 'mailauth/lib/dkim/verify'
import {generateKeyPairSync} from 'node:crypto'
import {formatReplyForm, parseReplyForm} from '../../../src/domain/reply-form'
import {LOCALES} from '../../../src/domain/vocabulary'
import {LOOP_HEADER} from '../../../src/mail/outbound/message'
import {renderMail} from '../../../src/mail/outbound/render'
import {sampleApplicationData, sampleMailSource} from '../../../src/mail/outbound/samples'
import {MAIL_KINDS, MailTemplates} from '../../../src/mail/outbound/templates'
import {matchDeskAddress} from '../../../src/mail/reply-address'
import {addressesOf, composeSample, outboxMailOf, parseMessage, TEST_SECRET, TEST_SETTINGS, textOf} from '../../support/mail'

describe('outbound messages (SPEC §10; RFC 5322, RFC 2047, RFC 3834)', () => {
  let templates: MailTemplates
  before(async () => {
    templates = await MailTemplates.load()
  })

  for (const locale of LOCALES) {
    for (const kind of MAIL_KINDS) {
      it(`${kind} (${locale}) parses back with its headers, UTF-8 parts and the decoded subject`, async () => {
        const mail = outboxMailOf(sampleMailSource(kind, locale), 7)
        const rendered = renderMail(templates, mail)
        const message = await composeSample(templates, mail)
        const parsed = await parseMessage(message.raw)

        expect(parsed.messageId).to.equal(mail.messageId)
        expect(parsed.date?.toISOString()).to.equal(mail.createdAt)
        expect(parsed.from?.value).to.deep.equal([{address: 'nss@nss-desk.localhost', name: 'NACCSセンター'}])
        expect(addressesOf(parsed.to)).to.deep.equal(mail.recipients)
        expect(parsed.subject).to.equal(rendered.subject)
        expect(textOf(parsed)).to.equal(rendered.text)
        expect(parsed.html).to.be.a('string').and.match(/^<!DOCTYPE html>/)

        const raw = message.raw.toString('latin1')
        expect(raw).to.match(/^Subject: =\?UTF-8\?[BQ]\?/m) // RFC 2047: the Japanese subject is encoded
        expect(raw).to.match(/^Content-Type: text\/plain; charset=utf-8\r$/m)
        expect(raw).to.match(/^Content-Type: text\/html; charset=utf-8\r$/m)
        expect(raw).not.to.match(/[^\r]\n/) // RFC 5322: CRLF line ends

        const threaded = Boolean((mail.data as {inReplyTo?: string}).inReplyTo)
        expect(parsed.headers.get('auto-submitted')).to.equal(threaded ? 'auto-replied' : 'auto-generated')
        expect(parsed.headers.get('x-auto-response-suppress')).to.equal('All')
        expect(parsed.headers.get(LOOP_HEADER.toLowerCase())).to.equal('nss-desk.localhost')

        expect(message.envelope.to).to.deep.equal(mail.recipients)
        expect(matchDeskAddress(TEST_SETTINGS.mailbox, TEST_SECRET, message.envelope.from)).to.deep.equal({kind: 'bounce', rowId: 7})

        const replyTo = addressesOf(parsed.replyTo)
        // The signed reply address goes with the reply form: a query, a reply-error about one, a message under
        // query (the first sample of each).
        if (kind === 'query' || kind === 'reply-error' || kind === 'message') {
          expect(replyTo).to.have.length(1)
          expect(matchDeskAddress(TEST_SETTINGS.mailbox, TEST_SECRET, replyTo[0])).to.deep.equal({kind: 'reply', receiptNo: mail.receiptNo, isTokenValid: true})
        } else {
          expect(replyTo).to.deep.equal([])
        }
      })
    }
  }

  it('builds the same bytes on every attempt: fixed Message-ID, Date and boundaries', async () => {
    const mail = outboxMailOf(sampleMailSource('query', 'ja'))
    const first = await composeSample(templates, mail)
    const second = await composeSample(templates, mail)
    expect(second.raw.equals(first.raw)).to.equal(true)
    const other = await composeSample(templates, {...mail, messageId: '<other@nss-desk.localhost>'})
    expect(other.raw.equals(first.raw)).to.equal(false)
  })

  it("carries a reply form in the query mail that reads back to the application's current values", async () => {
    const mail = outboxMailOf(sampleMailSource('query', 'ja'))
    const parsed = await parseMessage((await composeSample(templates, mail)).raw)
    const data = sampleApplicationData()
    const text = textOf(parsed)
    expect(text).to.contain(formatReplyForm('2101910C', {...data, contact: data.contact!}, 'ja'))

    const result = parseReplyForm(text.replace(/^操作:$/m, '操作: 修正'))
    if (result.status !== 'ok') expect.fail(JSON.stringify(result))
    expect(result.form).to.deep.include({receiptNo: '2101910C', action: 'amend', timing: 'date', desiredDate: '20210212', remarks: ''})
    expect(result.form.contact).to.deep.equal(data.contact)
    expect(result.form.entries).to.deep.equal([
      {userCode: '1ANAC', remove: false, passwordResetIds: ['A0A', 'A01'], passwordResetReason: '担当者の異動のため', registration: {}},
      {userCode: '1BNAC', remove: false, registration: {officeNameEn: 'TOKYO OFFICE 2', managerNameEn: 'T.YAMADA'}},
    ])
  })

  it('threads a mail that answers an inbound mail: In-Reply-To, References, Auto-Submitted: auto-replied', async () => {
    const mail = outboxMailOf(sampleMailSource('reply-error', 'ja'))
    const parsed = await parseMessage((await composeSample(templates, mail)).raw)
    expect(parsed.inReplyTo).to.equal('<reply-1@example.jp>')
    expect(parsed.references).to.deep.equal(['<2101910C.query.sample@nss-desk.localhost>', '<reply-1@example.jp>'])
    expect(parsed.headers.get('auto-submitted')).to.equal('auto-replied')
  })

  it('gives a reply-error about no known application no Reply-To (there is no form to return)', async () => {
    const mail = outboxMailOf(sampleMailSource('reply-error', 'en', 1))
    const parsed = await parseMessage((await composeSample(templates, mail)).raw)
    expect(parsed.replyTo).to.equal(undefined)
    expect(parsed.subject).to.equal('System settings application: your reply could not be processed')
  })

  it('signs with DKIM when configured, a signature a verifier accepts (RFC 6376)', async () => {
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048, privateKeyEncoding: {type: 'pkcs8', format: 'pem'}, publicKeyEncoding: {type: 'spki', format: 'der'}})
    const settings = {...TEST_SETTINGS, dkim: {domainName: 'nss-desk.localhost', keySelector: 'nss2026', privateKey}}
    const message = await composeSample(templates, outboxMailOf(sampleMailSource('receipt', 'ja')), settings)
    const raw = message.raw.toString('latin1')
    expect(raw).to.match(/^DKIM-Signature: /)
    const signature = raw.slice(0, raw.indexOf('\r\n\r\n')).split(/\r\n(?!\s)/)[0].replace(/\r\n\s+/g, ' ')
    expect(signature).to.contain('d=nss-desk.localhost').and.contain('s=nss2026').and.match(/bh=[A-Za-z0-9+/=]+/)
    expect(signature).to.match(/h=[^;]*From[^;]*Subject/i)
    expect(raw).not.to.contain('PRIVATE KEY')
    expect((await parseMessage(message.raw)).subject).to.equal('【2101932C】システム設定申込 受付完了のお知らせ')

    // The selector's TXT record, served by a resolver of our own (no DNS in tests).
    const record = `v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`
    const resolver = async (name: string, type: string) => {
      if (name === 'nss2026._domainkey.nss-desk.localhost' && type === 'TXT') return [[record]]
      throw Object.assign(new Error(`no ${type} for ${name}`), {code: 'ENOTFOUND'})
    }
    const verified = await dkimVerify(message.raw, {resolver})
    expect(verified.results.map(r => [r.signingDomain, r.status.result])).to.deep.equal([['nss-desk.localhost', 'pass']])
    const tampered = Buffer.from(raw.replace('TkFDQ1Pj', 'TkFDQ1Pk'), 'latin1') // one letter of the text part
    const [broken] = (await dkimVerify(tampered, {resolver})).results
    expect(broken.status.result).not.to.equal('pass')
    expect(broken.status.comment).to.contain('body hash did not verify')
  })
})

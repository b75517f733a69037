import {expect} from 'chai'
import {formatRef, ImapSourceError, parseImapUrl, parseRef} from '../../../../src/mail/inbound/imap'

describe('NSS_IMAP_URL and IMAP message references', () => {
  it('reads imap:// (port 143, STARTTLS: required outside loopback) and imaps:// (port 993, implicit TLS) with INBOX by default', () => {
    expect(parseImapUrl('imap://desk:secret@mail.example.jp')).to.deep.include({
      host: 'mail.example.jp', port: 143, secure: false, requireTls: true, rejectUnauthorized: true, user: 'desk', password: 'secret', mailbox: 'INBOX',
    })
    expect(parseImapUrl('imaps://desk:secret@mail.example.jp/')).to.deep.include({port: 993, secure: true, mailbox: 'INBOX'})
  })

  it('requires STARTTLS outside loopback unless ?tls=off, and not on 127.0.0.0/8, ::1 or localhost (issue 11)', () => {
    for (const host of ['127.0.0.1', '127.8.0.3', '[::1]', 'localhost']) {
      expect(parseImapUrl(`imap://d:p@${host}:10143/INBOX`).requireTls, host).to.equal(false)
    }
    for (const host of ['198.18.11.8', '10.0.0.1', '[2001:db8::1]', 'localhost.example.jp', '127.0.0.1.example.jp']) {
      expect(parseImapUrl(`imap://d:p@${host}/INBOX`).requireTls, host).to.equal(true)
    }
    expect(parseImapUrl('imap://d:p@mail.example.jp/INBOX?tls=off').requireTls).to.equal(false)
    expect(parseImapUrl('imap://d:p@127.0.0.1/INBOX?requireTLS=true').requireTls).to.equal(true)
    expect(() => parseImapUrl('imap://d:p@h/INBOX?tls=no')).to.throw(ImapSourceError, /\?tls= takes only "off"/)
    expect(() => parseImapUrl('imaps://d:p@h/INBOX?tls=off')).to.throw(ImapSourceError, /does not apply to imaps:/)
  })

  it('decodes a percent-encoded user, password and mailbox, and masks the password for messages', () => {
    const endpoint = parseImapUrl('imaps://desk%40example.jp:p%3Ass%2Fw@127.0.0.1:10993/Desk%2FReplies')
    expect(endpoint).to.deep.include({user: 'desk@example.jp', password: 'p:ss/w', mailbox: 'Desk/Replies', port: 10993})
    expect(endpoint.display).to.equal('imaps://desk%40example.jp:***@127.0.0.1:10993/Desk%2FReplies')
  })

  it('takes requireTLS, tls.rejectUnauthorized, doneMailbox and doneKeyword from the query, and refuses any other option', () => {
    expect(parseImapUrl('imap://d:p@h/INBOX?requireTLS=true&tls.rejectUnauthorized=false&doneMailbox=Done&doneKeyword=$Read')).to.deep.include({
      requireTls: true, rejectUnauthorized: false, doneMailbox: 'Done', doneKeyword: '$Read',
    })
    expect(() => parseImapUrl('imap://d:p@h/INBOX?secure=true')).to.throw(ImapSourceError, /unknown option \?secure/)
    expect(() => parseImapUrl('imap://d:p@h/INBOX?doneKeyword=two words')).to.throw(ImapSourceError, /atom/)
  })

  it('refuses a URL that is not imap:// or imaps://, or has no user, without quoting it', () => {
    for (const url of ['smtp://d:hunter2@h', 'imap://h/INBOX', 'not a url hunter2']) {
      expect(() => parseImapUrl(url)).to.throw(ImapSourceError).with.property('message').that.does.not.include('hunter2')
    }
  })

  it('names a message mailbox:uidvalidity:uid, mailbox names with colons included', () => {
    const ref = formatRef({mailbox: 'Archive:2026', uidValidity: 1795669566n, uid: 42})
    expect(ref).to.equal('Archive:2026:1795669566:42')
    expect(parseRef(ref)).to.deep.equal({mailbox: 'Archive:2026', uidValidity: 1795669566n, uid: 42})
    expect(parseRef('1000.2600001C.a.test')).to.equal(null)
  })
})

import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {bounceAddressFor, mailboxOf, matchDeskAddress, replyAddressFor} from '../../../src/mail/reply-address'

const secret = Buffer.alloc(32, 7)
const mailbox = mailboxOf('NACCSセンター <nss@nss-desk.localhost>')

describe('signed reply and bounce addresses (SPEC §10, §11)', () => {
  it('splits the desk mailbox out of NSS_MAIL_FROM, with or without a display name', () => {
    expect(mailbox).to.deep.equal({local: 'nss', domain: 'nss-desk.localhost'})
    expect(mailboxOf('desk@example.jp')).to.deep.equal({local: 'desk', domain: 'example.jp'})
    expect(() => mailboxOf('no address')).to.throw('not a mail address')
  })

  it('signs the receipt number into the reply address: <local>+<receiptNo>.<token>@<domain>', () => {
    const address = replyAddressFor(mailbox, secret, '2101910C')
    expect(address).to.match(/^nss\+2101910C\.[a-z2-7]{16}@nss-desk\.localhost$/)
    expect(matchDeskAddress(mailbox, secret, address)).to.deep.equal({kind: 'reply', receiptNo: '2101910C', isTokenValid: true})
  })

  it('reads a reply address whose case a mail system folded, or written with a display name', () => {
    const address = replyAddressFor(mailbox, secret, '2101910C')
    expect(matchDeskAddress(mailbox, secret, address.toUpperCase())).to.deep.include({receiptNo: '2101910C', isTokenValid: true})
    expect(matchDeskAddress(mailbox, secret, `NACCSセンター <${address}>`)).to.deep.include({isTokenValid: true})
  })

  it('knows the receipt number of a forged or copied token but marks it invalid', () => {
    const forged = replyAddressFor(mailbox, secret, '2101910C').replace('2101910C', '2101932C')
    expect(matchDeskAddress(mailbox, secret, forged)).to.deep.equal({kind: 'reply', receiptNo: '2101932C', isTokenValid: false})
    const otherDesk = replyAddressFor(mailbox, randomBytes(32), '2101910C')
    expect(matchDeskAddress(mailbox, secret, otherDesk)).to.deep.include({isTokenValid: false})
    expect(matchDeskAddress(mailbox, secret, 'nss+2101910C.@nss-desk.localhost')).to.deep.include({isTokenValid: false})
  })

  it('ties a VERP bounce address to its outbox row, and only with a valid token', () => {
    const address = bounceAddressFor(mailbox, secret, 42)
    expect(address).to.match(/^nss\+bounce\.42\.[a-z2-7]{16}@nss-desk\.localhost$/)
    expect(matchDeskAddress(mailbox, secret, address)).to.deep.equal({kind: 'bounce', rowId: 42})
    expect(matchDeskAddress(mailbox, secret, address.replace('bounce.42.', 'bounce.43.'))).to.equal(null)
  })

  it('says an address is not ours: another domain, another mailbox, no sub-address', () => {
    const address = replyAddressFor(mailbox, secret, '2101910C')
    expect(matchDeskAddress(mailbox, secret, address.replace('nss-desk.localhost', 'example.jp'))).to.equal(null)
    expect(matchDeskAddress(mailbox, secret, address.replace('nss+', 'other+'))).to.equal(null)
    expect(matchDeskAddress(mailbox, secret, 'nss@nss-desk.localhost')).to.equal(null)
    expect(matchDeskAddress(mailbox, secret, 'nss+hello.abc@nss-desk.localhost')).to.equal(null)
  })
})

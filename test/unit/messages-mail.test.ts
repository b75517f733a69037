import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {MAIL_EN} from '../../src/domain/messages/en/mail'
import {MAIL_JA} from '../../src/domain/messages/ja/mail'
import {ImapSourceError, parseImapUrl} from '../../src/mail/inbound/imap'
import {SourceItemError} from '../../src/mail/inbound/source'
import {text} from '../../src/domain/messages/text'
import {renderText} from '../../src/domain/messages'
import {MailTemplates, TemplateError} from '../../src/mail/outbound/templates'
import {tlsRequiredMessage, tlsRuleOf} from '../../src/mail/tls-rule'
import {itChecksTheCatalogue, JAPANESE} from '../support/catalogue'

/** Sample parameters: 'X' for any name asked for (numbers print as well). */
const sample = new Proxy({}, {get: () => 'X'})

describe('the catalogue of src/mail (issue 13)', () => {
  itChecksTheCatalogue('mail', MAIL_JA, MAIL_EN, {sample: () => sample, ending: /[。?]$/})

  it('keeps the English of the errors it replaced', () => {
    expect(MAIL_EN['mail.templatesRefused']({count: 1})).to.equal('mail templates refused (1 problem)')
    expect(MAIL_EN['mail.templatesRefused']({count: 3})).to.equal('mail templates refused (3 problems)')
    expect(MAIL_EN['mail.maildirSetAside']({cause: 'EISDIR: illegal operation on a directory', folder: 'failed'}))
      .to.equal('not moved to cur/ (EISDIR: illegal operation on a directory): set aside in failed/')
    expect(MAIL_EN['mail.maildirNotRegular']({kind: 'fifo'})).to.equal('a FIFO, not a regular file: not read')
    expect(tlsRequiredMessage('smtp://nss:***@198.18.11.8:587', 'no STARTTLS')).to.equal(
      'TLS is required for smtp://nss:***@198.18.11.8:587 (not loopback) and STARTTLS could not be used (no STARTTLS): no credentials were sent. ' +
      'The desk sends its password to a host outside loopback only over TLS; use imaps:// or smtps://, enable STARTTLS on the server, ' +
      'or add ?tls=off to the URL to allow plain text')
    expect(tlsRuleOf(new URL('smtps://h?tls=off')).problem).to.equal('?tls=off does not apply to smtps:// (TLS from the first byte); use smtp:// for plain text')
  })

  it('says an IMAP refusal in the reader\'s language and logs it in English', () => {
    let error: unknown
    try {
      parseImapUrl('imap://d:p@h/INBOX?tls=no')
    } catch (caught) {
      error = caught
    }
    expect(error).to.be.instanceOf(ImapSourceError)
    const refusal = error as ImapSourceError
    expect(refusal.message).to.equal('NSS_IMAP_URL: ?tls= takes only "off"')
    expect(refusal.in('en').message).to.equal('NSS_IMAP_URL: ?tls= takes only "off"')
    expect(refusal.in('ja').message).to.match(JAPANESE).and.to.match(/^NSS_IMAP_URL: \?tls= /)
  })

  it('keeps a message\'s own failure in English in its message (the stored detail) and says it in Japanese on request', () => {
    const failure = new SourceItemError(text('mail.maildirVanished'), 'vanished')
    expect(failure.message).to.equal('removed from the Maildir since it was listed')
    expect(renderText('ja', failure.said)).to.match(JAPANESE)
  })

  it('names the problems of an NSS_TEMPLATES folder in the reader\'s language; Handlebars\' own words stay as they are', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-templates-'))
    try {
      fs.mkdirSync(path.join(folder, 'ja'))
      fs.writeFileSync(path.join(folder, 'ja', 'receipt.text.hbs'), '{{#if supersedesNumber}}修正{{/if}}{{receiptNo}}\n')
      fs.writeFileSync(path.join(folder, 'ja', 'query.text.hbs'), '{{#if notice}}unclosed')
      fs.writeFileSync(path.join(folder, 'ja', 'reciept.text.hbs'), 'typo')
      const error = await MailTemplates.load({overrideDir: folder}).catch(e => e)
      expect(error).to.be.instanceOf(TemplateError)
      expect(error.message).to.equal('mail templates refused (3 problems)')
      const ja = (error as TemplateError).in('ja')
      expect(ja.message).to.equal('メールのテンプレートに問題があるため使用できません(3件)。')
      const said = (file: string) => ja.issues.find(i => i.path === path.join(folder, 'ja', file))?.message
      expect(said('receipt.text.hbs')).to.equal('1行目の {{#if}} に、存在しない変数が指定されています。')
      expect(said('reciept.text.hbs')).to.match(/^テンプレートのファイル名として認識できません。<locale>\/<kind>\.<part>\.hbs/)
      expect(said('query.text.hbs')).to.match(/Parse error|Expecting/)
    } finally {
      fs.rmSync(folder, {recursive: true, force: true})
    }
  })
})

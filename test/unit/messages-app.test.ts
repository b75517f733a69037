import {expect} from 'chai'
import {APP_EN} from '../../src/domain/messages/en/app'
import {APP_JA} from '../../src/domain/messages/ja/app'
import {text} from '../../src/domain/messages/text'
import {renderText} from '../../src/domain/messages'
import {JsonSyntaxError, parseJsonWithLocations} from '../../src/app/located-json'
import {ConflictError, InvalidInputError} from '../../src/domain/errors'
import {decideTransition} from '../../src/domain/lifecycle'
import {parseReceiptArgument} from '../../src/domain/receipt-number'
import {itChecksTheCatalogue} from '../support/catalogue'

/** Sample parameters: 'X' for any name asked for, ['X'] where a list is asked for. */
const sample = new Proxy({}, {get: (_target, name) => name === 'allowed' ? ['received'] : name === 'issues' ? '' : 'X'})

describe('the catalogue of src/app and src/domain (issue 13)', () => {
  itChecksTheCatalogue('app', APP_JA, APP_EN, {sample: () => sample, ending: /[。?]$|: X$/})

  it('keeps the English of the errors it replaced (logs and scripts read it)', () => {
    expect(APP_EN['app.eventNotInStatus']({event: 'amend', status: 'received', allowed: ['query']})).to.equal(
      'cannot amend an application in status received (only: query)')
    expect(APP_EN['app.noDraft']({draftId: 'D0123456789ABCDEF'})).to.equal('no draft D0123456789ABCDEF')
    expect(APP_EN['app.secretKeyMissing']()).to.equal('secret key file missing: run `nss init`')
    expect(APP_EN['app.notSender']({address: 'a@example.jp', office: 'NACCS01'})).to.equal('a@example.jp is not an authorised sender of office NACCS01')
  })

  it('keeps the English of nss health\'s reasons and of the JSON parser\'s errors', () => {
    expect(APP_EN['app.healthOutbox']({pending: 2, oldestMinutes: 18, failed: 1, bounced: 0})).to.equal('2 pending (the oldest for 18 min), 1 failed, 0 bounced')
    expect(APP_EN['app.healthOutbox']({pending: 0, oldestMinutes: null, failed: 0, bounced: 0})).to.equal('0 pending, 0 failed, 0 bounced')
    expect(APP_EN['app.healthLeaseExpired']({name: 'daemon', holder: 'h', expiresAt: 'T'})).to.equal('the daemon lease of h expired at T (its daemon died)')
    expect(APP_EN['app.healthDisk']({free: '1 MiB', total: '2 MiB', percent: '50.0', home: '/h'})).to.equal('1 MiB free of 2 MiB (50.0 %) in /h')
    expect(APP_EN['app.jsonExpectedValue']({found: null})).to.equal('unexpected end of file; expected a value')
    expect(APP_EN['app.jsonExpectedCommaOrBrace']({found: '"x"'})).to.equal('unexpected "x"; expected "," or "}"')
  })

  it('says a JSON syntax error in the reader\'s language, its reason English for logs', () => {
    let refused: unknown
    try {
      parseJsonWithLocations('{"a": 1,}')
    } catch (error) {
      refused = error
    }
    expect(refused).to.be.instanceOf(JsonSyntaxError)
    const error = refused as JsonSyntaxError
    expect([error.reason, error.message, error.offset]).to.deep.equal(['unexpected "}"; expected a property name in double quotes', error.reason, 8])
    expect(renderText('ja', error.text)).to.equal('予期しない "}" があります。ここには二重引用符で囲んだ項目名が必要です。')
    expect(renderText('ja', text('server.bodyNotJson', {where: 'body:1:9', reason: error.text}))).to.equal(
      'body:1:9: JSONとして正しくありません。予期しない "}" があります。ここには二重引用符で囲んだ項目名が必要です。')
    expect(renderText('en', text('cli.notJson', {where: 'a.json:1:9', reason: error.text}))).to.equal(
      'a.json:1:9: not valid JSON: unexpected "}"; expected a property name in double quotes')
  })

  it('says a refusal of the state machine in the reader\'s language, with the statuses as the screens name them', () => {
    let refused: unknown
    try {
      decideTransition('received', 'amend', 'office')
    } catch (error) {
      refused = error
    }
    expect(refused).to.be.instanceOf(ConflictError)
    const error = refused as ConflictError
    expect(error.message).to.equal('cannot amend an application in status received (only: query)')
    expect(error.in('ja').message).to.equal('状態が「申込受付」の申込は修正できません（できるのは「内容確認」の申込だけです）。')
    expect(error.in('en').message).to.equal(error.message)
  })

  it('names every problem of a bad argument in the reader\'s language', () => {
    let refused: unknown
    try {
      parseReceiptArgument('nope')
    } catch (error) {
      refused = error
    }
    const said = (refused as InvalidInputError).in('ja')
    expect(said.message).to.equal('受付番号ではありません: nope')
    expect(said.issues).to.deep.equal([{path: 'receiptNo', message: '2101910C のような8文字で指定してください。'}])
    expect((refused as InvalidInputError).issues).to.deep.equal([{path: 'receiptNo', message: 'expected 8 characters like 2101910C'}])
  })

  it('renders a catalogue text only when it is read', () => {
    expect(text('app.noFindings')).to.deep.equal({key: 'app.noFindings', params: undefined})
  })
})

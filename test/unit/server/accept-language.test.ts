import {expect} from 'chai'
import {localeOfAcceptLanguage} from '../../../src/server/accept-language'

describe('the reader\'s language of a request (src/server/accept-language.ts, issue 13)', () => {
  it('takes ja or en, by weight, from an Accept-Language header (RFC 9110 §12.5.4)', () => {
    expect(localeOfAcceptLanguage('en')).to.equal('en')
    expect(localeOfAcceptLanguage('ja-JP')).to.equal('ja')
    expect(localeOfAcceptLanguage('fr-FR, en;q=0.8, ja;q=0.9')).to.equal('ja')
    expect(localeOfAcceptLanguage('EN-us;q=0.5, fr')).to.equal('en')
    expect(localeOfAcceptLanguage(['de', 'en-GB'])).to.equal('en')
  })

  it('says nothing for a header that names neither, refuses both, or is missing', () => {
    for (const header of [undefined, '', '*', 'fr, de;q=0.5', 'en;q=0', 'japanese']) {
      expect(localeOfAcceptLanguage(header), String(header)).to.equal(undefined)
    }
    // A weight that is not a number is no weight: the range counts as q=1.
    expect(localeOfAcceptLanguage('ja;q=abc, en;q=0.5')).to.equal('ja')
  })
})

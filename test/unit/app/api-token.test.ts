/** The API token's text (issue 12): a prefix scanners find, 256 random bits, a checksum that catches a changed character. */
import {expect} from 'chai'
import {createHash} from 'node:crypto'
import {generateApiToken, hashApiToken, isWellFormedApiToken} from '../../../src/app/api-token'

describe('API token format (issue 12)', () => {
  it('is nssd_ + 43 base62 characters of randomness + a 6-character checksum, new every time', () => {
    const tokens = Array.from({length: 2000}, () => generateApiToken())
    for (const token of tokens) {
      expect(token).to.match(/^nssd_[0-9A-Za-z]{49}$/)
      expect(isWellFormedApiToken(token), token).to.equal(true)
    }
    expect(new Set(tokens).size).to.equal(tokens.length)
    // 43 base62 digits carry 256 bits: over many tokens the first digit takes nearly every value.
    expect(new Set(tokens.map(t => t[5])).size).to.be.greaterThan(40)
  })

  it('tells a token with any one character changed from a real one by its checksum', () => {
    const token = generateApiToken()
    for (let index = 5; index < token.length; index++) {
      const other = token[index] === '0' ? '1' : '0'
      expect(isWellFormedApiToken(token.slice(0, index) + other + token.slice(index + 1)), `position ${index}`).to.equal(false)
    }
    expect(isWellFormedApiToken(`nssx_${token.slice(5)}`)).to.equal(false)
  })

  it('is kept as the SHA-256 of its text', () => {
    const token = generateApiToken()
    expect(hashApiToken(token)).to.equal(createHash('sha256').update(token).digest('hex'))
  })
})

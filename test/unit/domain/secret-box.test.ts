import {expect} from 'chai'
import {randomBytes} from 'node:crypto'
import {hmacToken, SealedSecretError, SecretBox, timingSafeEqualString} from '../../../src/domain/secret-box'

const master = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex')
const PLAINTEXT = 'A0B1C2D3'

/** `sealed` with one byte of part `index` (1 = IV, 2 = tag, 3 = ciphertext) flipped. */
function flipByte(sealed: string, index: number): string {
  const parts = sealed.split('.')
  const bytes = Buffer.from(parts[index], 'base64url')
  bytes[0] ^= 0x01
  parts[index] = bytes.toString('base64url')
  return parts.join('.')
}

/** The error `call` throws (fails the test when it throws none). */
function errorOf(call: () => unknown): Error {
  try {
    call()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('SecretBox', () => {
  const box = SecretBox.fromMasterKey(master, 'issued-password')

  it('round-trips a secret, with and without associated data', () => {
    expect(box.open(box.seal(PLAINTEXT))).to.equal(PLAINTEXT)
    expect(box.open(box.seal(PLAINTEXT, '2101910C/1ANACA01'), '2101910C/1ANACA01')).to.equal(PLAINTEXT)
    expect(box.open(box.seal('パスワード'))).to.equal('パスワード')
    expect(box.open(box.seal(''))).to.equal('')
  })

  it('writes v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and 16-byte tag', () => {
    const sealed = box.seal(PLAINTEXT)
    expect(sealed).to.match(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/)
    const [, iv, tag, ciphertext] = sealed.split('.')
    expect(Buffer.from(iv, 'base64url')).to.have.length(12)
    expect(Buffer.from(tag, 'base64url')).to.have.length(16)
    expect(Buffer.from(ciphertext, 'base64url')).to.have.length(PLAINTEXT.length)
    expect(sealed).not.to.contain(PLAINTEXT)
  })

  it('uses a fresh IV each time, so the same secret seals differently', () => {
    expect(box.seal(PLAINTEXT)).not.to.equal(box.seal(PLAINTEXT))
  })

  for (const [index, part] of [[1, 'IV'], [2, 'tag'], [3, 'ciphertext']] as const) {
    it(`detects a flipped byte in the ${part}`, () => {
      const tampered = flipByte(box.seal(PLAINTEXT, 'ctx'), index)
      expect(() => box.open(tampered, 'ctx')).to.throw(SealedSecretError)
    })
  }

  it('refuses malformed text: wrong version, wrong part count, non-canonical base64url, short IV', () => {
    const sealed = box.seal(PLAINTEXT)
    const [, iv, tag, ciphertext] = sealed.split('.')
    for (const text of [`v2.${iv}.${tag}.${ciphertext}`, `v1.${iv}.${tag}`, `v1.${iv}!.${tag}.${ciphertext}`, `v1.AAAA.${tag}.${ciphertext}`, '']) {
      expect(() => box.open(text), text).to.throw(SealedSecretError)
    }
  })

  it('refuses the wrong associated data, and missing associated data', () => {
    const sealed = box.seal(PLAINTEXT, '2101910C/1ANACA01')
    expect(() => box.open(sealed, '2101910C/1ANACA02')).to.throw(SealedSecretError)
    expect(() => box.open(sealed)).to.throw(SealedSecretError)
  })

  it('refuses a key derived for another purpose or from another master secret', () => {
    const sealed = box.seal(PLAINTEXT)
    expect(() => SecretBox.fromMasterKey(master, 'reply-address').open(sealed)).to.throw(SealedSecretError)
    expect(() => SecretBox.fromMasterKey(randomBytes(32), 'issued-password').open(sealed)).to.throw(SealedSecretError)
  })

  it('opens with a box derived again from the same master and purpose', () => {
    const sealed = box.seal(PLAINTEXT)
    expect(SecretBox.fromMasterKey(Buffer.from(master), 'issued-password').open(sealed)).to.equal(PLAINTEXT)
  })

  it('says nothing secret when it fails', () => {
    const sealed = box.seal(PLAINTEXT, 'ctx')
    const error = errorOf(() => box.open(flipByte(sealed, 3), 'ctx'))
    expect(error.message).not.to.contain(PLAINTEXT)
    expect(error.message).not.to.contain(master.toString('hex'))
    expect(error.message).not.to.contain(sealed.split('.')[3])
    expect(String(error.stack)).not.to.contain(PLAINTEXT)
  })

  it('refuses a master secret that is too short and an empty purpose', () => {
    expect(() => SecretBox.fromMasterKey(Buffer.alloc(8), 'x')).to.throw(/at least 16 bytes/)
    expect(() => SecretBox.fromMasterKey(master, '')).to.throw(/purpose/)
  })
})

describe('hmacToken', () => {
  it('is deterministic, lower-case base32 and of the asked length', () => {
    const token = hmacToken(master, 'reply-address', '2101910C')
    expect(token).to.match(/^[a-z2-7]{16}$/)
    expect(hmacToken(master, 'reply-address', '2101910C')).to.equal(token)
    expect(hmacToken(master, 'reply-address', '2101910C', 8)).to.equal(token.slice(0, 8))
    expect(hmacToken(master, 'reply-address', '2101910C', 52)).to.have.length(52)
  })

  it('changes with the message, the purpose and the master secret', () => {
    const token = hmacToken(master, 'reply-address', '2101910C')
    expect(hmacToken(master, 'reply-address', '2101911C')).not.to.equal(token)
    expect(hmacToken(master, 'other', '2101910C')).not.to.equal(token)
    expect(hmacToken(randomBytes(32), 'reply-address', '2101910C')).not.to.equal(token)
  })

  it('refuses lengths outside 1–52', () => {
    expect(() => hmacToken(master, 'p', 'm', 0)).to.throw(/length/)
    expect(() => hmacToken(master, 'p', 'm', 53)).to.throw(/length/)
  })
})

describe('timingSafeEqualString', () => {
  it('is true only for equal strings, whatever their lengths', () => {
    expect(timingSafeEqualString('abc', 'abc')).to.equal(true)
    expect(timingSafeEqualString('', '')).to.equal(true)
    expect(timingSafeEqualString('abc', 'abd')).to.equal(false)
    expect(timingSafeEqualString('abc', 'abcd')).to.equal(false)
    expect(timingSafeEqualString('abc', '')).to.equal(false)
  })
})

import {expect} from 'chai'
import {hashPassword, verifyPassword} from '../../../src/app/password-hash'

describe('password-hash', () => {
  it('writes scrypt$16384$8$1$<16-byte salt>$<32-byte hash>', async () => {
    const stored = await hashPassword('correct horse')
    const parts = stored.split('$')
    expect(parts.slice(0, 4)).to.deep.equal(['scrypt', '16384', '8', '1'])
    expect(Buffer.from(parts[4], 'base64')).to.have.length(16)
    expect(Buffer.from(parts[5], 'base64')).to.have.length(32)
    expect(stored).not.to.contain('correct horse')
  })

  it('salts every hash, so the same password hashes differently', async () => {
    expect(await hashPassword('same')).not.to.equal(await hashPassword('same'))
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('パスワード123')
    expect(await verifyPassword('パスワード123', stored)).to.equal(true)
    expect(await verifyPassword('パスワード124', stored)).to.equal(false)
    expect(await verifyPassword('', stored)).to.equal(false)
  })

  it('refuses a stored hash whose digest was altered', async () => {
    const parts = (await hashPassword('pw')).split('$')
    const hash = Buffer.from(parts[5], 'base64')
    hash[0] ^= 0x01
    parts[5] = hash.toString('base64')
    expect(await verifyPassword('pw', parts.join('$'))).to.equal(false)
  })

  it('returns false for unknown formats and out-of-bounds parameters instead of throwing', async () => {
    const stored = await hashPassword('pw')
    const [, , , , salt, hash] = stored.split('$')
    for (const text of ['', 'pw', 'bcrypt$2b$10$abc', `argon2$16384$8$1$${salt}$${hash}`, `scrypt$16384$8$1$${salt}`,
      `scrypt$1000$8$1$${salt}$${hash}`, `scrypt$${2 ** 21}$8$1$${salt}$${hash}`, `scrypt$16384$0$1$${salt}$${hash}`]) {
      expect(await verifyPassword('pw', text), text).to.equal(false)
    }
  })
})

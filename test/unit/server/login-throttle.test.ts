import {expect} from 'chai'
import {LoginThrottle} from '../../../src/server/login-throttle'

/**
 * The desk server's login throttle per client address (src/server/login-throttle.ts), on a clock the
 * test moves: at most `limit` failed logins per address in the window, attempts in flight counted as
 * failures until they end, successes never counted, addresses apart from each other, and what has
 * passed the window forgotten.
 */
describe('login throttle per client address (src/server/login-throttle.ts)', () => {
  const WINDOW = 10 * 60_000
  let now: number
  let throttle: LoginThrottle
  const A = '192.0.2.10'
  const B = '198.51.100.7'

  beforeEach(() => {
    now = Date.parse('2026-12-01T01:00:00Z')
    throttle = new LoginThrottle(3, WINDOW, () => now)
  })

  /** One attempt from `address` that ends at once: whether it was let through. */
  const attempt = (address: string, failed: boolean): boolean => {
    if (!throttle.begin(address)) return false
    throttle.end(address, failed)
    return true
  }

  it('lets `limit` failed logins through and refuses the next from that address', () => {
    expect([attempt(A, true), attempt(A, true), attempt(A, true)]).to.deep.equal([true, true, true])
    expect(throttle.begin(A)).to.equal(false)
    expect(attempt(A, false), 'a right password too').to.equal(false)
  })

  it('counts attempts in flight: a burst of concurrent logins gets no more than `limit` begun', () => {
    const begun = Array.from({length: 30}, () => throttle.begin(A)).filter(Boolean).length
    expect(begun).to.equal(3)
    // One ends well: its place is free again, and a success is not remembered.
    throttle.end(A, false)
    expect(throttle.begin(A)).to.equal(true)
    expect(throttle.begin(A)).to.equal(false)
    for (let i = 0; i < 3; i++) throttle.end(A, true)
    now += WINDOW - 1
    expect(throttle.begin(A), 'three failures within the window').to.equal(false)
  })

  it('never counts successes: any number of right passwords goes through', () => {
    for (let i = 0; i < 50; i++) expect(attempt(A, false)).to.equal(true)
    expect([attempt(A, true), attempt(A, true), attempt(A, true), attempt(A, true)]).to.deep.equal([true, true, true, false])
  })

  it('keeps addresses apart: failures from one refuse nothing from another', () => {
    for (let i = 0; i < 3; i++) attempt(A, true)
    expect(throttle.begin(A)).to.equal(false)
    expect(attempt(B, true)).to.equal(true)
    expect(attempt(B, false)).to.equal(true)
  })

  it('lets an address in again as its failures pass the window, oldest first', () => {
    attempt(A, true)
    now += 60_000
    attempt(A, true)
    attempt(A, true)
    expect(throttle.begin(A)).to.equal(false)
    now += WINDOW - 60_000 - 1
    expect(throttle.begin(A), 'the first failure is still in the window').to.equal(false)
    now += 1
    expect(throttle.begin(A), 'the first failure has passed').to.equal(true)
    expect(throttle.begin(A), 'two still in the window, one in flight').to.equal(false)
  })

  it('forgets addresses that failed once and never came back (memory stays bounded)', () => {
    for (let i = 0; i < 1000; i++) attempt(`10.0.${i >> 8}.${i & 255}`, true)
    expect(throttle.addressCount).to.equal(1000)
    now += WINDOW + 1
    attempt(B, true)
    expect(throttle.addressCount).to.equal(1)
  })
})

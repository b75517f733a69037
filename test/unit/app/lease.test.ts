import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {DeskContext, openContext} from '../../../src/app/context'
import {acquireLease, newLeaseHolder, readLease, releaseLease, renewLease} from '../../../src/app/lease'
import {testConfig} from '../../support/store'

describe('leases (SPEC §12: one daemon per store)', () => {
  let ctx: DeskContext
  let now: Date
  const TTL = 60_000
  const later = (ms: number) => { now = new Date(now.getTime() + ms) }

  beforeEach(async () => {
    now = new Date('2026-11-26T04:00:00Z')
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-lease-'))
    ctx = await openContext({config: testConfig({NSS_HOME: home}), clock: {now: () => now}, migrate: true})
  })
  afterEach(async () => ctx.store.close())

  it('names a holder host:pid:random, different for each run', () => {
    const [a, b] = [newLeaseHolder(), newLeaseHolder()]
    expect(a).to.match(new RegExp(`^${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${process.pid}:[0-9a-f]{12}$`))
    expect(a).not.to.equal(b)
  })

  it('gives a free lease to the first holder and refuses a second while it runs', async () => {
    expect(await acquireLease(ctx, 'daemon', 'a', TTL)).to.equal(true)
    expect(await acquireLease(ctx, 'daemon', 'b', TTL)).to.equal(false)
    later(TTL - 1)
    expect(await acquireLease(ctx, 'daemon', 'b', TTL)).to.equal(false)
    expect(await readLease(ctx, 'daemon')).to.deep.equal({name: 'daemon', holder: 'a', expiresAt: '2026-11-26T04:01:00.000Z'})
  })

  it('lets the holder take its own lease again, which extends it', async () => {
    expect(await acquireLease(ctx, 'daemon', 'a', TTL)).to.equal(true)
    later(30_000)
    expect(await acquireLease(ctx, 'daemon', 'a', TTL)).to.equal(true)
    expect((await readLease(ctx, 'daemon'))!.expiresAt).to.equal('2026-11-26T04:01:30.000Z')
  })

  it('renews only for the holder, moving the expiry on', async () => {
    await acquireLease(ctx, 'daemon', 'a', TTL)
    later(50_000)
    expect(await renewLease(ctx, 'daemon', 'a', TTL)).to.equal(true)
    expect(await renewLease(ctx, 'daemon', 'b', TTL)).to.equal(false)
    later(50_000)
    // 100 s after the first acquisition, but 50 s after the renewal: still held.
    expect(await acquireLease(ctx, 'daemon', 'b', TTL)).to.equal(false)
  })

  it('lets another holder take over an expired lease; the old holder then cannot renew it', async () => {
    await acquireLease(ctx, 'daemon', 'a', TTL)
    later(TTL + 1)
    expect(await acquireLease(ctx, 'daemon', 'b', TTL)).to.equal(true)
    expect(await renewLease(ctx, 'daemon', 'a', TTL)).to.equal(false)
    expect((await readLease(ctx, 'daemon'))!.holder).to.equal('b')
  })

  it('frees the lease at once on release by its holder, not by anyone else', async () => {
    await acquireLease(ctx, 'daemon', 'a', TTL)
    await releaseLease(ctx, 'daemon', 'b')
    expect(await acquireLease(ctx, 'daemon', 'b', TTL)).to.equal(false)
    await releaseLease(ctx, 'daemon', 'a')
    expect(await readLease(ctx, 'daemon')).to.equal(null)
    expect(await acquireLease(ctx, 'daemon', 'b', TTL)).to.equal(true)
  })

  it('gives a lease to exactly one of many concurrent holders', async () => {
    const holders = ['a', 'b', 'c', 'd', 'e']
    const taken = await Promise.all(holders.map(h => acquireLease(ctx, 'daemon', h, TTL)))
    expect(taken.filter(Boolean)).to.have.length(1)
    expect((await readLease(ctx, 'daemon'))!.holder).to.equal(holders[taken.indexOf(true)])
  })

  it('keeps leases of different names apart', async () => {
    expect(await acquireLease(ctx, 'daemon', 'a', TTL)).to.equal(true)
    expect(await acquireLease(ctx, 'other', 'b', TTL)).to.equal(true)
  })
})

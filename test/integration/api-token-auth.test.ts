/**
 * The desk server's token check (issue 12; src/app/api-token.ts), in process on the store of the run
 * (NSS_TEST_STORE): a token made by `nss token create` names its principal and read-only flag; a
 * revoked, expired, unknown or malformed one gets one and the same refusal (exit 4); last use is
 * written at most once a minute. The clock is the context's own, injected.
 */
import {expect} from 'chai'
import {authenticateApiToken, createApiToken, generateApiToken, listApiTokens, revokeApiToken} from '../../src/app/api-token'
import {openContext} from '../../src/app/context'
import type {DeskContext} from '../../src/app/context'
import {AuthError} from '../../src/domain/errors'
import {nss, seededDesk} from '../support/cli'
import {testConfig} from '../support/store'

describe('API tokens: the principal a presented token acts as (issue 12)', function () {
  this.timeout(60_000)
  let desk: ReturnType<typeof seededDesk>
  let now = new Date('2026-12-01T01:00:00Z')
  let ctx: DeskContext

  before(async () => {
    desk = seededDesk()
    ctx = await openContext({config: testConfig({NSS_HOME: desk.home}), clock: {now: () => now}})
  })
  after(async () => ctx.store.close())

  const refusal = async (token: string) => {
    const error = await authenticateApiToken(ctx, token).then(() => null, e => e)
    expect(error, `accepted: ${token}`).to.be.instanceOf(AuthError)
    expect(error.exitCode).to.equal(4)
    return error.message as string
  }

  it('accepts a token nss token create printed, as its office and read-only; a reviewer token as its reviewer', async () => {
    // Made by the CLI (a process of its own, at the real time): the check reads what the command stored.
    const made = nss(['token', 'create', '--office', 'NACCS01', '--name', 'status script', '--read-only', '--json'], {env: desk.ops})
    expect(made.code, made.stderr).to.equal(0)
    now = new Date()
    expect(await authenticateApiToken(ctx, made.json.token)).to.deep.equal({kind: 'office', code: 'NACCS01', readOnly: true, tokenId: made.json.id, expiresAt: made.json.expiresAt})
    const reviewer = await createApiToken(ctx, {reviewer: 'r.sato', name: 'review bot'})
    expect(await authenticateApiToken(ctx, reviewer.token)).to.deep.equal({kind: 'reviewer', id: 'r.sato', readOnly: false, tokenId: reviewer.id, expiresAt: reviewer.expiresAt})
  })

  it('records last use, at most once a minute per token', async () => {
    now = new Date('2026-12-01T02:00:00Z')
    const {id, token} = await createApiToken(ctx, {office: 'OTHER01', name: 'last use'})
    const lastUsed = async () => (await listApiTokens(ctx)).find(t => t.id === id)?.lastUsedAt
    expect(await lastUsed()).to.equal(null)
    await authenticateApiToken(ctx, token)
    expect(await lastUsed()).to.equal('2026-12-01T02:00:00.000Z')
    now = new Date('2026-12-01T02:00:59.999Z')
    await authenticateApiToken(ctx, token)
    expect(await lastUsed()).to.equal('2026-12-01T02:00:00.000Z')
    now = new Date('2026-12-01T02:01:00.000Z')
    await authenticateApiToken(ctx, token)
    expect(await lastUsed()).to.equal('2026-12-01T02:01:00.000Z')
  })

  it('refuses a revoked, an expired, an unknown and a malformed token with one and the same answer, never quoting it', async () => {
    now = new Date('2026-12-01T03:00:00Z')
    const revoked = await createApiToken(ctx, {office: 'NACCS01', name: 'revoked'})
    await authenticateApiToken(ctx, revoked.token)
    await revokeApiToken(ctx, revoked.id)
    const expiring = await createApiToken(ctx, {office: 'NACCS01', name: 'expiring', expiresDays: '1'})
    expect(expiring.expiresAt).to.equal('2026-12-02T03:00:00.000Z')
    now = new Date('2026-12-02T02:59:59.999Z')
    await authenticateApiToken(ctx, expiring.token)
    now = new Date('2026-12-02T03:00:00.000Z')

    const valid = (await createApiToken(ctx, {office: 'NACCS01', name: 'valid'})).token
    const flipped = valid.slice(0, 20) + (valid[20] === 'a' ? 'b' : 'a') + valid.slice(21)
    const candidates = [
      revoked.token, expiring.token,
      generateApiToken(), // well formed, checksum right, never stored
      flipped, // one character changed: the checksum no longer matches
      `ghp_${valid.slice(5)}`, valid.slice(0, -1), `${valid} `, `${valid}\n`, valid.toLowerCase(), '', 'nssd_', 'Bearer x',
    ]
    const messages = new Set<string>()
    for (const token of candidates) {
      const message = await refusal(token)
      if (token.length > 5) expect(message).not.to.contain(token.trim())
      messages.add(message)
    }
    expect([...messages]).to.deep.equal(['the API token is not valid'])
    // The valid one still works: the refusals were about the others.
    expect(await authenticateApiToken(ctx, valid)).to.include({kind: 'office', code: 'NACCS01'})
  })

  it('refuses a token revoked by nss token revoke from another process', async () => {
    now = new Date()
    const {id, token} = await createApiToken(ctx, {reviewer: 'r.sato', name: 'revoked from the CLI'})
    await authenticateApiToken(ctx, token)
    const revoked = nss(['token', 'revoke', id, '--json'], {env: desk.ops})
    expect(revoked.code, revoked.stderr).to.equal(0)
    expect(await refusal(token)).to.equal('the API token is not valid')
  })
})

import {expect} from 'chai'
import {createJsonLogger, formatLogLine, scrubSecrets} from '../../../src/app/log'

describe('JSON log lines (SPEC §12)', () => {
  const at = new Date('2026-11-26T04:15:00Z')

  it('writes ts, level and msg first, then the fields, as one JSON object', () => {
    const line = formatLogLine('info', 'inbound', {id: 3, outcome: 'amended', ts: 'not mine', msg: 'nor this'}, at)
    expect(line).to.equal('{"ts":"2026-11-26T04:15:00.000Z","level":"info","msg":"inbound","id":3,"outcome":"amended"}')
  })

  it('masks the password of any URL, in the message and in fields at any depth', () => {
    expect(scrubSecrets('cannot reach imaps://desk:s3cret@mail.example.jp:993/INBOX')).to.equal('cannot reach imaps://desk:***@mail.example.jp:993/INBOX')
    expect(scrubSecrets('smtp://desk:p%40ss@127.0.0.1:25 and smtps://u:x@h')).to.equal('smtp://desk:***@127.0.0.1:25 and smtps://u:***@h')
    expect(scrubSecrets('smtp://127.0.0.1:25 (no credentials)')).to.equal('smtp://127.0.0.1:25 (no credentials)')
    const line = formatLogLine('error', 'failed: smtp://a:b@h', {error: new Error('imap://u:pw@h refused'), nested: {urls: ['imap://u:pw@h']}}, at)
    expect(line).not.to.match(/:b@|:pw@/)
    expect(JSON.parse(line)).to.deep.include({msg: 'failed: smtp://a:***@h', error: 'imap://u:***@h refused', nested: {urls: ['imap://u:***@h']}})
  })

  it('never writes a field named like a secret, but keeps counts such as purgedPasswords', () => {
    const parsed = JSON.parse(formatLogLine('info', 'x', {password: 'A1B2C3D4', smtpPassword: 'p', token: 't', purgedPasswords: 2}, at))
    expect(parsed).to.deep.include({password: '***', smtpPassword: '***', token: '***', purgedPasswords: 2})
  })

  it('writes from the minimum level up, one line each', () => {
    const lines: string[] = []
    const log = createJsonLogger({write: line => lines.push(line), minLevel: 'info', now: () => at})
    log.debug('hidden')
    log.info('shown', {n: 1})
    log.error('also shown')
    expect(lines.map(l => JSON.parse(l).msg)).to.deep.equal(['shown', 'also shown'])
    expect(lines.every(l => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).to.equal(true)
  })
})

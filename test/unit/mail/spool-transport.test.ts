import {expect} from 'chai'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {spoolFileNameOf, SpoolTransport} from '../../../src/mail/outbound/transports/spool'
import {DeliveryError} from '../../../src/mail/outbound/transports/transport'

const message = (raw: string, messageId = '<2101910C.receipt.abc@nss-desk.localhost>') =>
  ({rowId: 1, messageId, envelope: {from: 'nss+bounce.1.x@nss-desk.localhost', to: ['taro@example.jp']}, raw: Buffer.from(raw)})

describe('spool transport (SPEC §10 embedded default)', () => {
  let folder: string
  beforeEach(() => {
    folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nss-spool-')), 'mail', 'outbox')
  })

  it('writes the message as an .eml file named after its Message-ID, creating the folder, leaving no temporary file', async () => {
    const outcome = await new SpoolTransport(folder).send(message('Subject: a\r\n\r\nbody\r\n'))
    expect(fs.readdirSync(folder)).to.deep.equal(['2101910C.receipt.abc@nss-desk.localhost.eml'])
    expect(fs.readFileSync(path.join(folder, '2101910C.receipt.abc@nss-desk.localhost.eml'), 'utf8')).to.equal('Subject: a\r\n\r\nbody\r\n')
    expect(outcome.accepted).to.deep.equal(['taro@example.jp'])
  })

  it('replaces the same file when the same message is sent again (a resend after a crash adds no copy)', async () => {
    const transport = new SpoolTransport(folder)
    await transport.send(message('first'))
    await transport.send(message('second'))
    expect(fs.readdirSync(folder)).to.have.length(1)
  })

  it('keeps file names safe whatever the Message-ID holds', () => {
    expect(spoolFileNameOf('<../../etc/passwd@x>')).to.equal('_._.._etc_passwd@x.eml')
  })

  it('reports a folder it cannot write as a delivery error worth retrying, leaving nothing behind', async () => {
    fs.mkdirSync(path.dirname(folder), {recursive: true})
    fs.writeFileSync(folder, 'not a folder')
    const error = await new SpoolTransport(folder).send(message('x')).catch(e => e)
    expect(error).to.be.instanceOf(DeliveryError)
    expect(error).to.include({isPermanent: false, isUnreachable: false})
    expect(fs.readdirSync(path.dirname(folder))).to.deep.equal(['outbox'])
  })
})

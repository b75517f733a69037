import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import * as path from 'node:path'
import {CLI_EN} from '../../src/domain/messages/en/cli'
import {CLI_JA} from '../../src/domain/messages/ja/cli'
import {itChecksTheCatalogue, JAPANESE} from '../support/catalogue'

/** Sample parameters: 'X' for any name asked for (numbers print as well). */
const sample = new Proxy({}, {get: () => 'X'})

describe('the catalogue of src/cli (issue 13)', () => {
  itChecksTheCatalogue('cli', CLI_JA, CLI_EN, {sample: () => sample, ending: /[。?]$|: X$/})

  it('keeps the English of the errors it replaced', () => {
    expect(CLI_EN['cli.officeMissing']()).to.equal('say which office acts: --office CODE or NSS_OFFICE')
    expect(CLI_EN['cli.noToken']({origin: 'https://desk.example:8443'})).to.equal(
      "no API token for https://desk.example:8443: set NSS_TOKEN (nss token create on the desk's host), or nss login --url https://desk.example:8443")
    expect(CLI_EN['cli.urlInvalid']({name: 'NSS_URL', value: 'nope'})).to.equal('NSS_URL is not a URL: nope')
  })

  it('says the empty outbox in the reader\'s language', () => {
    const {SCREEN_LABELS} = require('../../src/cli/labels') as typeof import('../../src/cli/labels')
    expect(SCREEN_LABELS.ja.outboxEmpty).to.match(JAPANESE)
    expect(SCREEN_LABELS.en.outboxEmpty).to.equal('the outbox is empty')
  })

  it('loads no catalogue in the remote client until an error is said', () => {
    // A fresh process: this one has loaded the catalogues already.
    const endpoint = path.join(__dirname, '..', '..', 'src', 'cli', 'remote', 'endpoint.js')
    const script = `
      const loaded = () => Object.keys(require.cache).filter(f => /messages[\\\\/](ja|en|index)/.test(f)).length
      const {parseServerUrl} = require(${JSON.stringify(endpoint)})
      let error
      try { parseServerUrl('ftp://desk.example') } catch (e) { error = e }
      const before = loaded()
      const said = error.in('ja').message
      process.stdout.write(JSON.stringify({before, after: loaded(), said, log: error.message}))`
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], {encoding: 'utf8'})) as {before: number; after: number; said: string; log: string}
    expect(out.before).to.equal(0)
    expect(out.after).to.be.greaterThan(0)
    expect(out.said).to.match(JAPANESE).and.to.include('NSS_URL')
    expect(out.log).to.equal('NSS_URL must be https:// (http:// only to a loopback address): ftp://desk.example')
  })
})

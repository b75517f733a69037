import {expect} from 'chai'
import {isRemoteCall, remoteCommandOf} from '../../../src/cli/remote/mode'

describe('remote mode: which command lines go to the desk server', () => {
  const remoteEnv = {NSS_URL: 'https://desk.example:8443'}

  it('names a remote command and the words after it', () => {
    expect(remoteCommandOf(['status', '20261201-0001', '--json'])).to.deep.equal({command: 'status', rest: ['20261201-0001', '--json']})
    expect(remoteCommandOf(['apply', '--file', 'a.json'])).to.deep.equal({command: 'apply', rest: ['--file', 'a.json']})
    expect(remoteCommandOf(['office', 'show', '--json'])).to.deep.equal({command: 'office:show', rest: ['--json']})
    expect(remoteCommandOf(['office', 'show', 'NACCS01'])).to.deep.equal({command: 'office:show', rest: ['NACCS01']})
  })

  it('leaves ops commands, unknown words and empty command lines local', () => {
    for (const argv of [['office', 'import', 'x.json'], ['daemon'], ['mail', 'outbox'], ['statuss'], []]) {
      expect(remoteCommandOf(argv), argv.join(' ')).to.equal(undefined)
      expect(isRemoteCall(argv, remoteEnv), argv.join(' ')).to.equal(false)
    }
  })

  it('goes remote only with NSS_URL or a saved login, and never for --help', () => {
    expect(isRemoteCall(['status'], remoteEnv)).to.equal(true)
    expect(isRemoteCall(['status', '--help'], remoteEnv)).to.equal(false)
    expect(isRemoteCall(['review', 'R', '-h'], remoteEnv)).to.equal(false)
    expect(isRemoteCall(['status'], {NSS_URL: ' ', XDG_CONFIG_HOME: '/nonexistent-nss-test'})).to.equal(false)
  })
})

import {expect} from 'chai'
import {clientKey, withoutQueryValues} from '../../../src/server/app'

describe('what the desk server counts a client by, and logs of a URL', () => {
  it('counts an IPv4 address (also IPv4-mapped) by itself', () => {
    expect(clientKey('192.0.2.7')).to.equal('192.0.2.7')
    expect(clientKey('::ffff:192.0.2.7')).to.equal('192.0.2.7')
  })

  it('counts an IPv6 address by its /64, however it is written', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).to.equal('2001:db8:1:2::/64')
    expect(clientKey('2001:db8:1:2:ffff:ffff:ffff:fffe')).to.equal('2001:db8:1:2::/64')
    expect(clientKey('2001:0db8:0001:0002::')).to.equal('2001:db8:1:2::/64')
    expect(clientKey('2001:db8::5')).to.equal('2001:db8:0:0::/64')
    expect(clientKey('::1')).to.equal('0:0:0:0::/64')
    expect(clientKey('2001:db8:1:3::1')).to.not.equal(clientKey('2001:db8:1:2::1'))
  })

  it('logs the names of a query, never its values', () => {
    expect(withoutQueryValues('/api/v1/applications')).to.equal('/api/v1/applications')
    expect(withoutQueryValues('/api/v1/applications?status=query&token=nssd_x')).to.equal('/api/v1/applications?status=…&token=…')
  })
})

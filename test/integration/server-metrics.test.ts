/**
 * The desk server's /metrics (Prometheus, prom-client) and /readyz with `nss health`'s report (issue 15),
 * against a real `nss serve` over TLS: the store's figures at each scrape, request latency by route
 * pattern, aggregates only (no receipt number, office code or address in the text).
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {EXAMPLES, nss, seededDesk, SeededDesk} from '../support/cli'
import {rawRequest} from '../support/https-request'
import {createToken, startServerSync, testCa, TestServer} from '../support/server'

/** The value of one sample line `name{labels} value`, or undefined. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find(l => l.startsWith(`${line} `))
  return found === undefined ? undefined : Number(found.slice(line.length + 1))
}

describe('the desk server: /metrics and /readyz (issue 15)', function () {
  this.timeout(120_000)
  let desk: SeededDesk
  let server: TestServer
  let office: Record<string, string>
  const receipts: string[] = []

  before(() => {
    desk = seededDesk()
    server = startServerSync(desk.home)
    office = {
      NSS_HOME: `${desk.home}-client`, NSS_URL: server.url, NSS_CA_FILE: testCa().caFile, NSS_OFFICE: '', NSS_REVIEWER: '', NSS_PASSWORD: '',
      NSS_TOKEN: createToken(desk.home, {office: 'NACCS01'}).token,
    }
    for (let i = 0; i < 2; i++) {
      const applied = nss(['apply', '--file', path.join(EXAMPLES, 'application.json'), '--json'], {env: office})
      expect(applied.code, applied.stderr).to.equal(0)
      receipts.push(applied.json.receiptNo)
    }
  })

  after(async () => server.stop())

  it('counts applications, the outbox and requests by route, as the store and the server have them now', async () => {
    const answer = await rawRequest(server, 'GET', '/metrics')
    expect(answer.status).to.equal(200)
    expect(answer.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/)
    const text = answer.body
    expect(sample(text, 'nss_applications{status="received"}')).to.equal(2)
    expect(sample(text, 'nss_outbox_mails{status="sent",kind="receipt"}')).to.equal(2)
    expect(sample(text, 'nss_review_queue_unassigned')).to.equal(2)
    expect(sample(text, 'nss_review_queue_overdue')).to.equal(0)
    expect(sample(text, 'nss_http_request_duration_seconds_count{method="POST",route="/api/v1/applications",status_code="201"}')).to.equal(2)
    expect(text).to.match(/^nss_process_cpu_seconds_total /m)
    for (const secret of [...receipts, 'NACCS01', 'taro@example.jp', office.NSS_TOKEN]) expect(text).not.to.contain(secret)

    // A withdrawal moves the figures at the next scrape; the route is its pattern, not its URL.
    const withdrawn = nss(['withdraw', receipts[0], '--json'], {env: office})
    expect(withdrawn.code, withdrawn.stderr).to.equal(0)
    const after = (await rawRequest(server, 'GET', '/metrics')).body
    expect(sample(after, 'nss_applications{status="received"}')).to.equal(1)
    expect(sample(after, 'nss_applications{status="withdrawn"}')).to.equal(1)
    expect(sample(after, 'nss_http_request_duration_seconds_count{method="POST",route="/api/v1/applications/:receiptNo/withdrawal",status_code="200"}')).to.equal(1)
  })

  it("answers /readyz with nss health's report beside the readiness checks", async () => {
    const answer = await rawRequest(server, 'GET', '/readyz')
    expect(answer.status).to.equal(200)
    expect(answer.json.ready).to.equal(true)
    expect(answer.json.checks.map((c: any) => c.name)).to.deep.equal(['store', 'secret'])
    expect(answer.json.health.checks.map((c: any) => c.name)).to.deep.equal(['store', 'secret', 'daemon', 'inbound', 'outbox', 'disk'])
    // No daemon has run on this desk: health warns, and the server stays ready (the store and the secret decide).
    expect(answer.json.health.checks.find((c: any) => c.name === 'daemon').status).to.not.equal('ok')
    // The server still answers after /readyz closed nothing of its own.
    expect(nss(['status', '--json'], {env: office}).code).to.equal(0)
  })
})

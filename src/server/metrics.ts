/**
 * `/metrics` (issue 15): Prometheus metrics of the desk server, from `prom-client` — loaded only when the
 * server starts (never by the CLI). The store's figures are read at each scrape (one snapshot, a few
 * GROUP BY counts): inbound messages by outcome, the outbox by status and kind, the review queue; and
 * this process's request latency by route. Aggregates only: no office code, receipt number or address
 * is ever a label.
 */
import type {DeskContext} from '../app/context'
import {tokyoDateOf} from '../domain/japan-time'
import {dueDateOf, isOverdue, OPEN_STATUSES} from '../domain/review-queue'

type PromClient = typeof import('prom-client')

/** The metrics of one server: its registry, and what the request hook records. */
export interface DeskMetrics {
  contentType: string
  /** The text exposition of every metric, the store's read now. */
  render(): Promise<string>
  /** Records one answered request: the route's pattern (not its URL), the method, the status. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void
}

export function createMetrics(ctx: DeskContext): DeskMetrics {
  const prom = require('prom-client') as PromClient
  const registry = new prom.Registry()
  prom.collectDefaultMetrics({register: registry, prefix: 'nss_'})
  const requests = new prom.Histogram({
    name: 'nss_http_request_duration_seconds', help: 'Requests answered by the desk server, by route pattern, method and status',
    labelNames: ['method', 'route', 'status_code'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  })
  const inbound = new prom.Gauge({name: 'nss_inbound_messages', help: 'Inbound messages kept, by state and outcome', labelNames: ['state', 'outcome'] as const, registers: [registry]})
  const outbox = new prom.Gauge({name: 'nss_outbox_mails', help: 'Outbox mails, by status and kind', labelNames: ['status', 'kind'] as const, registers: [registry]})
  const applications = new prom.Gauge({name: 'nss_applications', help: 'Applications, by status', labelNames: ['status'] as const, registers: [registry]})
  const overdue = new prom.Gauge({name: 'nss_review_queue_overdue', help: 'Open applications past their due date', registers: [registry]})
  const unowned = new prom.Gauge({name: 'nss_review_queue_unassigned', help: 'Open applications no reviewer has taken', registers: [registry]})

  /** Reads the store's figures into the gauges (reset first: a label that disappeared must not stay). */
  async function readStore(): Promise<void> {
    const rules = {calendar: ctx.calendar, minLeadBusinessDays: ctx.config.minLeadBusinessDays, reviewBusinessDays: ctx.config.reviewBusinessDays}
    const today = tokyoDateOf(ctx.clock.now())
    const figures = await ctx.store.read(async manager => ({
      inbound: await manager.query('SELECT "state", COALESCE("outcome", \'\') AS "outcome", COUNT(*) AS "n" FROM "inbound_messages" GROUP BY "state", "outcome"') as {state: string; outcome: string; n: number | string}[],
      outbox: await manager.query('SELECT "status", "kind", COUNT(*) AS "n" FROM "outbox" GROUP BY "status", "kind"') as {status: string; kind: string; n: number | string}[],
      applications: await manager.query('SELECT "status", COUNT(*) AS "n" FROM "applications" GROUP BY "status"') as {status: string; n: number | string}[],
      open: await manager.query(`SELECT "timing", "desiredDate", "submittedAt", "owner" FROM "applications" WHERE "status" IN (${OPEN_STATUSES.map(s => `'${s}'`).join(', ')})`) as
        {timing: 'date' | 'earliest'; desiredDate: string | null; submittedAt: string; owner: string | null}[],
    }))
    inbound.reset()
    for (const row of figures.inbound) inbound.set({state: row.state, outcome: row.outcome}, Number(row.n))
    outbox.reset()
    for (const row of figures.outbox) outbox.set({status: row.status, kind: row.kind}, Number(row.n))
    applications.reset()
    for (const row of figures.applications) applications.set({status: row.status}, Number(row.n))
    overdue.set(figures.open.filter(app => isOverdue(today, dueDateOf({...app, receiptDay: tokyoDateOf(new Date(app.submittedAt))}, rules))).length)
    unowned.set(figures.open.filter(app => app.owner === null).length)
  }

  return {
    contentType: registry.contentType,
    async render() {
      await readStore()
      return registry.metrics()
    },
    observeRequest(method, route, statusCode, seconds) {
      requests.observe({method, route, status_code: String(statusCode)}, seconds)
    },
  }
}

/**
 * The lifecycle of SPEC §4 through the CLI, exhaustively: every status × every per-application event ×
 * both actors. The expectations are generated from the LIFECYCLE table the code declares
 * (src/domain/lifecycle.ts) — the table and the CLI must agree — and a few facts of SPEC §4 are also
 * written out by hand, so a wrong table cannot pass unnoticed.
 *
 * A refused action (exit 4 or 5) must change nothing: the reviewer's `status R --json` is compared as a
 * whole (log and mail included) before and after.
 */
import {expect} from 'chai'
import * as path from 'node:path'
import {ActorKind, LIFECYCLE, LifecycleEvent} from '../../src/domain/lifecycle'
import {ApplicationStatus} from '../../src/domain/vocabulary'
import {CliResult, EXAMPLES, nss, nssAsync, seededDesk} from '../support/cli'

type Desk = ReturnType<typeof seededDesk>
type Event = Exclude<LifecycleEvent, 'apply'>

const STATUSES: ApplicationStatus[] = ['received', 'query', 'completed', 'withdrawn', 'superseded']
/** `apply` is not an event on an existing application. */
const EVENTS: Event[] = ['query', 'complete', 'amend', 'withdraw', 'message']
const ACTORS: ActorKind[] = ['reviewer', 'office']

const APPLICATION = path.join(EXAMPLES, 'application.json')
const AMEND = path.join(EXAMPLES, 'amend.json')
const QUERY_NOTICE = 'こちらのパスワード初期化は承る事が出来ません。'

/** The CLI arguments of an event on application R. */
function argsOf(event: Event, receiptNo: string): string[] {
  switch (event) {
    case 'query': return ['review', receiptNo, '--query', QUERY_NOTICE, '--json']
    case 'complete': return ['review', receiptNo, '--complete', '', '--json']
    case 'amend': return ['amend', receiptNo, '--file', AMEND, '--json']
    case 'withdraw': return ['withdraw', receiptNo, '--json']
    case 'message': return ['review', receiptNo, '--message', 'ご連絡です。', '--json']
  }
}

/**
 * The environment of an actor. An office has NSS_OFFICE and no NSS_REVIEWER, a reviewer the reverse:
 * this is how the wrong actor attempts an event (`review` as an office, `withdraw` as a reviewer).
 */
function envOf(desk: Desk, actor: ActorKind) {
  return actor === 'office' ? desk.office : desk.reviewer
}

type Expectation = {exit: 0; to: ApplicationStatus} | {exit: 4 | 5}

/**
 * What SPEC §4 says, read from the LIFECYCLE table: a row → exit 0 and its `to`; an event the actor may
 * cause in some other state → 5 (conflict); an event the actor may never cause → 4 (permission).
 */
function expectationFromTable(from: ApplicationStatus, event: Event, actor: ActorKind): Expectation {
  const row = LIFECYCLE.find(t => t.from === from && t.event === event && t.actor === actor)
  if (row) return {exit: 0, to: row.to}
  return LIFECYCLE.some(t => t.event === event && t.actor === actor) ? {exit: 5} : {exit: 4}
}

function must(result: CliResult, what: string): any {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`)
  return result.json
}

async function run(desk: Desk, actor: ActorKind, args: string[]): Promise<CliResult> {
  return nssAsync(args, {env: envOf(desk, actor)})
}

/** The reviewer's view of an application, as text: compared byte for byte. */
async function snapshot(desk: Desk, receiptNo: string): Promise<string> {
  const result = await nssAsync(['status', receiptNo, '--json'], {env: desk.reviewer})
  must(result, `status ${receiptNo}`)
  return result.stdout
}

/** Builds an application in `status` and returns its receipt number. */
async function applicationIn(desk: Desk, status: ApplicationStatus): Promise<string> {
  const receiptNo = must(await run(desk, 'office', ['apply', '--file', APPLICATION, '--json']), 'apply').receiptNo as string
  switch (status) {
    case 'received':
      break
    case 'query':
      must(await run(desk, 'reviewer', argsOf('query', receiptNo)), 'query')
      break
    case 'completed':
      must(await run(desk, 'reviewer', argsOf('complete', receiptNo)), 'complete')
      break
    case 'withdrawn':
      must(await run(desk, 'office', argsOf('withdraw', receiptNo)), 'withdraw')
      break
    case 'superseded':
      must(await run(desk, 'reviewer', argsOf('query', receiptNo)), 'query')
      must(await run(desk, 'office', argsOf('amend', receiptNo)), 'amend')
      break
  }
  return receiptNo
}

interface Attempt {
  from: ApplicationStatus
  event: Event
  actor: ActorKind
  expected: Expectation
  receiptNo: string
  result: CliResult
  /** Refused attempts: the reviewer's view just before and just after. */
  before?: string
  after?: string
  /** Successful attempts: the status of the application afterwards (and of the new one, for amend). */
  statusAfter?: any
  amendedAfter?: any
}

describe('the lifecycle through the CLI (SPEC §4)', () => {
  let desk: Desk
  const attempts: Attempt[] = []
  const find = (from: ApplicationStatus, event: Event, actor: ActorKind) =>
    attempts.find(a => a.from === from && a.event === event && a.actor === actor)!

  before(async function () {
    this.timeout(240_000)
    desk = seededDesk()
    // One chain per status, run side by side. Refused attempts share one application per status (it
    // does not change); every attempt expected to succeed gets a fresh application in that status.
    await Promise.all(STATUSES.map(async from => {
      const shared = await applicationIn(desk, from)
      let current = await snapshot(desk, shared)
      for (const event of EVENTS) {
        for (const actor of ACTORS) {
          const expected = expectationFromTable(from, event, actor)
          if (expected.exit !== 0) {
            const result = await run(desk, actor, argsOf(event, shared))
            const after = await snapshot(desk, shared)
            attempts.push({from, event, actor, expected, receiptNo: shared, result, before: current, after})
            current = after
            continue
          }
          const receiptNo = await applicationIn(desk, from)
          const result = await run(desk, actor, argsOf(event, receiptNo))
          const statusAfter = JSON.parse(await snapshot(desk, receiptNo))
          const amendedAfter = event === 'amend' && result.code === 0
            ? JSON.parse(await snapshot(desk, result.json.receiptNo))
            : undefined
          attempts.push({from, event, actor, expected, receiptNo, result, statusAfter, amendedAfter})
        }
      }
    }))
  })

  describe('every (status, event, actor) as the LIFECYCLE table says', () => {
    for (const from of STATUSES) {
      for (const event of EVENTS) {
        for (const actor of ACTORS) {
          const expected = expectationFromTable(from, event, actor)
          const title = expected.exit === 0
            ? `${event} by the ${actor} on a ${from} application exits 0 and makes it ${expected.to}`
            : `${event} by the ${actor} on a ${from} application exits ${expected.exit} and changes nothing`
          it(title, () => {
            const attempt = find(from, event, actor)
            const {result} = attempt
            expect(result.code, `${result.stderr}${result.stdout}`).to.equal(expected.exit)
            if (expected.exit === 0) {
              expect(result.json.receiptNo).to.match(/^\d{7}C$/)
              if (event === 'amend') {
                expect(result.json).to.deep.equal({receiptNo: result.json.receiptNo, status: 'received', supersedes: attempt.receiptNo})
                expect(attempt.statusAfter.supersededBy).to.equal(result.json.receiptNo)
                expect(attempt.amendedAfter.status).to.equal('received')
              } else {
                expect(result.json).to.deep.equal({receiptNo: attempt.receiptNo, status: expected.to})
              }
              expect(attempt.statusAfter.status).to.equal(expected.to)
            } else {
              expect(result.json?.error?.code, result.stdout).to.be.a('string')
              expect(attempt.after, 'the reviewer view changed').to.equal(attempt.before)
            }
          })
        }
      }
    }
  })

  describe('facts of SPEC §4 written out by hand', () => {
    it('refuses every event by its rightful actor on a completed application with exit 5', () => {
      for (const [event, actor] of [['query', 'reviewer'], ['complete', 'reviewer'], ['amend', 'office'], ['withdraw', 'office']] as const) {
        expect(find('completed', event, actor).result.code, `${event} by ${actor}`).to.equal(5)
      }
    })

    it('amends an application under query with exit 0 and a new receipt number', () => {
      const attempt = find('query', 'amend', 'office')
      expect(attempt.result.code).to.equal(0)
      expect(attempt.result.json.receiptNo).to.not.equal(attempt.receiptNo)
      expect(attempt.statusAfter.status).to.equal('superseded')
      expect(attempt.amendedAfter.supersedes).to.equal(attempt.receiptNo)
    })

    it('refuses to amend a received application (only one under query can be amended) with exit 5', () => {
      expect(find('received', 'amend', 'office').result.code).to.equal(5)
    })

    it('refuses an office reviewing and a reviewer withdrawing or amending with exit 4, whatever the status', () => {
      for (const from of STATUSES) {
        expect(find(from, 'query', 'office').result.code, `query by office on ${from}`).to.equal(4)
        expect(find(from, 'complete', 'office').result.code, `complete by office on ${from}`).to.equal(4)
        expect(find(from, 'withdraw', 'reviewer').result.code, `withdraw by reviewer on ${from}`).to.equal(4)
        expect(find(from, 'amend', 'reviewer').result.code, `amend by reviewer on ${from}`).to.equal(4)
      }
    })

    it('withdraws applications received or under query, and completes or queries only received ones', () => {
      expect(find('received', 'withdraw', 'office').statusAfter.status).to.equal('withdrawn')
      expect(find('query', 'withdraw', 'office').statusAfter.status).to.equal('withdrawn')
      expect(find('received', 'complete', 'reviewer').statusAfter.status).to.equal('completed')
      expect(find('received', 'query', 'reviewer').statusAfter.status).to.equal('query')
      expect(find('query', 'complete', 'reviewer').result.code).to.equal(5)
      expect(find('query', 'query', 'reviewer').result.code).to.equal(5)
    })
  })

  describe('concurrent actions on one application', () => {
    it('lets exactly one of two concurrent withdrawals succeed; the other exits 5 and adds nothing', async () => {
      const receiptNo = await applicationIn(desk, 'received')
      const results = await Promise.all([1, 2].map(() => run(desk, 'office', argsOf('withdraw', receiptNo))))
      expect(results.map(r => r.code).sort(), results.map(r => r.stderr + r.stdout).join('\n')).to.deep.equal([0, 5])
      const view = JSON.parse(await snapshot(desk, receiptNo))
      expect(view.status).to.equal('withdrawn')
      expect(view.log.filter((l: any) => l.item === 'システム設定申込 取下げ')).to.have.length(1)
      expect(view.mail.filter((m: any) => m.kind === 'withdrawal')).to.have.length(1)
    })

    it('lets exactly one of a concurrent completion and withdrawal win, and the final status is the winner’s', async () => {
      const receiptNo = await applicationIn(desk, 'received')
      const [complete, withdraw] = await Promise.all([
        run(desk, 'reviewer', argsOf('complete', receiptNo)),
        run(desk, 'office', argsOf('withdraw', receiptNo)),
      ])
      const detail = `complete: ${complete.code} ${complete.stderr}${complete.stdout}\nwithdraw: ${withdraw.code} ${withdraw.stderr}${withdraw.stdout}`
      expect([complete.code, withdraw.code].sort(), detail).to.deep.equal([0, 5])
      const winner = complete.code === 0 ? complete : withdraw
      const view = JSON.parse(await snapshot(desk, receiptNo))
      expect(view.status).to.equal(winner.json.status)
      expect(view.status).to.equal(complete.code === 0 ? 'completed' : 'withdrawn')
      const mailKinds = view.mail.map((m: any) => m.kind)
      expect(mailKinds.includes('completion')).to.equal(complete.code === 0)
      expect(mailKinds.includes('withdrawal')).to.equal(withdraw.code === 0)
    })
  })
})

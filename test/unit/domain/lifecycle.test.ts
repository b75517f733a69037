import {expect} from 'chai'
import {ConflictError, PermissionError} from '../../../src/domain/errors'
import {ActorKind, decideTransition, isFinalStatus, LIFECYCLE, LIFECYCLE_EVENTS} from '../../../src/domain/lifecycle'
import {APPLICATION_STATUSES, ApplicationStatus} from '../../../src/domain/vocabulary'

const ACTORS: ActorKind[] = ['office', 'reviewer']
const STATES: (ApplicationStatus | null)[] = [null, ...APPLICATION_STATUSES]

describe('lifecycle table (SPEC §4)', () => {
  it('has exactly the transitions of SPEC §4', () => {
    const rows = LIFECYCLE.map(t => `${t.from ?? '-'} ${t.event} ${t.actor} → ${t.to}`)
    expect(rows).to.have.members([
      '- apply office → received',
      'received query reviewer → query',
      'received complete reviewer → completed',
      'query amend office → superseded',
      'received withdraw office → withdrawn',
      'query withdraw office → withdrawn',
      // A message from the center (issue 14): an open application keeps its status.
      'received message reviewer → received',
      'query message reviewer → query',
    ])
  })

  it('declares the seed\'s log items, news and mails for each transition', () => {
    const query = decideTransition('received', 'query', 'reviewer')
    expect(query).to.include({log: 'query', news: 'query', mail: 'query', noticeRequired: true})
    const complete = decideTransition('received', 'complete', 'reviewer')
    expect(complete).to.include({log: 'complete', news: 'completed', mail: 'completion', noticeRequired: false})
    expect(decideTransition(null, 'apply', 'office')).to.include({mail: 'receipt'})
    expect(decideTransition('query', 'withdraw', 'office')).to.include({mail: 'withdrawal'})
    expect(decideTransition('query', 'message', 'reviewer')).to.include({log: 'center_message', news: 'message', mail: 'message', noticeRequired: true})
  })

  for (const status of STATES) {
    for (const event of LIFECYCLE_EVENTS) {
      for (const actor of ACTORS) {
        const row = LIFECYCLE.find(t => t.from === status && t.event === event && t.actor === actor)
        const mayEver = LIFECYCLE.some(t => t.event === event && t.actor === actor)
        const outcome = row ? `goes to ${row.to}` : mayEver ? 'is a conflict (exit 5)' : 'is forbidden (exit 4)'
        it(`${event} by ${actor} on ${status ?? 'a new application'} ${outcome}`, () => {
          if (row) {
            expect(decideTransition(status, event, actor)).to.equal(row)
          } else {
            expect(() => decideTransition(status, event, actor)).to.throw(mayEver ? ConflictError : PermissionError)
          }
        })
      }
    }
  }

  it('treats completed, withdrawn and superseded as final', () => {
    expect(APPLICATION_STATUSES.filter(isFinalStatus)).to.have.members(['completed', 'withdrawn', 'superseded'])
  })

  it('lets offices never review and reviewers never amend or withdraw', () => {
    expect(() => decideTransition('received', 'query', 'office')).to.throw(PermissionError)
    expect(() => decideTransition('received', 'complete', 'office')).to.throw(PermissionError)
    expect(() => decideTransition('query', 'amend', 'reviewer')).to.throw(PermissionError)
    expect(() => decideTransition('received', 'withdraw', 'reviewer')).to.throw(PermissionError)
  })
})

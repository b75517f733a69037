import {text} from './messages/text'
import {ConflictError, PermissionError} from './errors'
import {ApplicationStatus, MailKind} from './vocabulary'

/** Who acts: an office (事業所) or center staff (reviewer). */
export type ActorKind = 'office' | 'reviewer'

export type LifecycleEvent = 'apply' | 'query' | 'complete' | 'amend' | 'withdraw' | 'message'
export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ['apply', 'query', 'complete', 'amend', 'withdraw', 'message']

/**
 * The 進行状況 work items a transition writes, and 'office_message' (事業所からの連絡, issue 14): what an
 * office wrote in an authenticated reply, which changes no status. Labels: LOG_ITEM_LABELS (vocabulary.ts).
 */
export type LogItem = 'apply' | 'apply_amendment' | 'query' | 'complete' | 'superseded' | 'withdraw' | 'center_message' | 'office_message'

/** The 新着情報 notices a transition posts to the office. */
export type NewsMessage = 'query' | 'completed' | 'message'

/** One row of the lifecycle: a state, an event, who may cause it, the new state and its effects. */
export interface Transition {
  from: ApplicationStatus | null
  event: LifecycleEvent
  actor: ActorKind
  to: ApplicationStatus
  log: LogItem
  news: NewsMessage | null
  mail: MailKind
  /** Whether the reviewer must give a notice (通知内容). */
  noticeRequired: boolean
}

/**
 * The lifecycle of SPEC §4 as data: the only place that says what may happen to an application. The
 * CLI and the mail bot both go through `decideTransition`; effects are carried out by the use cases.
 * For `amend` the row describes the original; the new application starts as `apply` does.
 */
export const LIFECYCLE: readonly Transition[] = [
  {from: null, event: 'apply', actor: 'office', to: 'received', log: 'apply', news: null, mail: 'receipt', noticeRequired: false},
  {from: 'received', event: 'query', actor: 'reviewer', to: 'query', log: 'query', news: 'query', mail: 'query', noticeRequired: true},
  {from: 'received', event: 'complete', actor: 'reviewer', to: 'completed', log: 'complete', news: 'completed', mail: 'completion', noticeRequired: false},
  {from: 'query', event: 'amend', actor: 'office', to: 'superseded', log: 'superseded', news: null, mail: 'receipt', noticeRequired: false},
  {from: 'received', event: 'withdraw', actor: 'office', to: 'withdrawn', log: 'withdraw', news: null, mail: 'withdrawal', noticeRequired: false},
  {from: 'query', event: 'withdraw', actor: 'office', to: 'withdrawn', log: 'withdraw', news: null, mail: 'withdrawal', noticeRequired: false},
  // A message from the center (issue 14): an open application keeps its status; under query, the mail carries the reply form again.
  {from: 'received', event: 'message', actor: 'reviewer', to: 'received', log: 'center_message', news: 'message', mail: 'message', noticeRequired: true},
  {from: 'query', event: 'message', actor: 'reviewer', to: 'query', log: 'center_message', news: 'message', mail: 'message', noticeRequired: true},
]

/** States from which nothing more can happen. */
export function isFinalStatus(status: ApplicationStatus): boolean {
  return !LIFECYCLE.some(t => t.from === status)
}

/**
 * The transition for an event on an application in `status` by `actor`.
 * An event this actor may never cause is a permission error (exit 4); an event the actor may cause,
 * but not in this state, is a conflict (exit 5). Either way nothing changes.
 */
export function decideTransition(status: ApplicationStatus | null, event: LifecycleEvent, actor: ActorKind): Transition {
  const forEvent = LIFECYCLE.filter(t => t.event === event)
  const forActor = forEvent.filter(t => t.actor === actor)
  if (forActor.length === 0) {
    throw new PermissionError(text(actor === 'office' ? 'app.officeCannot' : 'app.reviewerCannot', {event}))
  }
  const transition = forActor.find(t => t.from === status)
  if (!transition) {
    throw new ConflictError(text('app.eventNotInStatus', {event, status: status ?? 'new', allowed: forActor.map(t => t.from ?? 'new')}))
  }
  return transition
}

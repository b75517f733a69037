import type {EntityManager} from 'typeorm'
import {decideTransition} from '../domain/lifecycle'
import {updateApplication} from '../store/repositories'
import {loadApplicationFor} from './application-access'
import {loadActingOffice, OfficeActor} from './apply.use-case'
import type {DeskContext} from './context'
import {notifyStaff} from './staff-notices'
import {applyEffects} from './effects'
import type {TransitionResult} from './views'

/** nss withdraw: the office withdraws an application that is received or under query (SPEC §4). */
export async function withdrawApplication(ctx: DeskContext, actor: OfficeActor, receiptNo: string): Promise<TransitionResult> {
  const now = ctx.clock.now()
  return ctx.store.write(manager => withdrawInTransaction(manager, ctx, actor, receiptNo, now))
}

/** The withdrawal inside the caller's transaction: the CLI's own, or the mail bot's (SPEC §11 step 6). */
export async function withdrawInTransaction(
  manager: EntityManager, ctx: DeskContext, actor: OfficeActor, receiptNo: string, now: Date,
  mailExtra: Record<string, unknown> = {},
): Promise<TransitionResult> {
  const app = await loadApplicationFor(manager, actor, receiptNo)
  const transition = decideTransition(app.status, 'withdraw', actor.kind)
  const office = await loadActingOffice(manager, actor)
  await updateApplication(manager, app, {status: transition.to}, now)
  await applyEffects(manager, ctx, transition, {...app, status: transition.to}, office, actor, now, '', mailExtra)
  await notifyStaff(manager, ctx, 'withdrawal', app, now)
  return {receiptNo: app.receiptNo, status: transition.to}
}

import type {Application} from '../domain/application'
import {NotFoundError, PermissionError} from '../domain/errors'
import {text} from '../domain/messages/text'

/** Who is acting, once authenticated. */
export type Actor = {kind: 'office'; code: string} | {kind: 'reviewer'; id: string}

/** The audit and log name of an actor: `office:NACCS01`, `reviewer:r.sato`. */
export function actorName(actor: Actor): string {
  return actor.kind === 'office' ? `office:${actor.code}` : `reviewer:${actor.id}`
}

/**
 * An office acting through the mail bot (issue 14): the inbound message it acted on. The use cases
 * take it as the office it is; 進行状況 and the audit name the mail.
 */
export type MailActor = Extract<Actor, {kind: 'office'}> & {viaMail: number}

/** Who did it, as 進行状況 and the audit record it: `office:NACCS01`, `reviewer:r.sato`, or `mail:42` (the inbound message). */
export function recordedActorName(actor: Actor | MailActor): string {
  return 'viaMail' in actor ? `mail:${actor.viaMail}` : actorName(actor)
}

/**
 * The application, if the actor may see it. A reviewer sees every application; an office only its own.
 * Another office's application answers exit 4 (SPEC §9), the same as a wrong password, and changes nothing.
 */
export function checkAccess(actor: Actor, receiptNo: string, app: Application | null): Application {
  if (!app) throw new NotFoundError(text('app.noApplication', {receiptNo}))
  if (actor.kind === 'office' && app.officeCode !== actor.code) {
    throw new PermissionError(text('app.notOwnApplication', {receiptNo, office: actor.code}))
  }
  return app
}

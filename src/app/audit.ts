import type {EntityManager} from 'typeorm'
import {AuditEventEntity} from '../store/entities'
import {Actor, actorName} from './actor'

/** Records a security-relevant event inside the caller's transaction. Never pass a password here. */
export async function recordAudit(
  manager: EntityManager, at: Date, actor: Actor | 'system', action: string, receiptNo: string | null, detail = '',
): Promise<void> {
  await manager.insert(AuditEventEntity, {
    at: at.toISOString(), actor: actor === 'system' ? 'system' : actorName(actor), action, receiptNo, detail,
  })
}

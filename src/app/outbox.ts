import {randomUUID} from 'node:crypto'
import type {EntityManager} from 'typeorm'
import type {QueryDeepPartialEntity} from 'typeorm/query-builder/QueryPartialEntity'
import type {Locale, MailKind} from '../domain/vocabulary'
import {OutboxMailEntity} from '../store/entities'
import type {DeskConfig} from './config'

/** A mail to send because of a state change (SPEC §10). `data` is what its template needs. */
export interface MailRequest {
  kind: MailKind
  receiptNo: string | null
  locale: Locale
  recipients: string[]
  data: Record<string, unknown>
}

/**
 * Writes a mail to the outbox inside the caller's transaction, so a state change and its mails commit
 * together (SPEC §10). The Message-ID is fixed now: a retry after a crash resends the same message.
 */
export async function enqueueMail(manager: EntityManager, config: DeskConfig, request: MailRequest, now: Date): Promise<OutboxMailEntity> {
  const recipients = [...new Set(request.recipients.map(r => r.trim()).filter(Boolean))]
  const messageId = `<${request.receiptNo ?? 'desk'}.${request.kind}.${randomUUID()}@${config.mailDomain}>`
  // insert, not save: save's change tracking (a subject per entity, its listeners, a re-read) cost more
  // than the rest of writing an amendment's rows together (the daemon writes one per reply).
  const row = Object.assign(new OutboxMailEntity(), {
    receiptNo: request.receiptNo,
    kind: request.kind,
    locale: request.locale,
    recipients,
    data: request.data,
    messageId,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    lastError: null,
    createdAt: now.toISOString(),
    sentAt: null,
  })
  // The JSON columns (recipients, data) are typed as plain values in the entity; TypeORM's insert type
  // wants them as partial entities.
  const result = await manager.insert(OutboxMailEntity, row as QueryDeepPartialEntity<OutboxMailEntity>)
  row.id ??= result.identifiers[0].id
  return row
}

import {ApiTokenEntity} from './api-token.entity'
import {ApplicationLogEntity} from './application-log.entity'
import {ApplicationEntity} from './application.entity'
import {AttachmentEntity} from './attachment.entity'
import {AuditEventEntity} from './audit-event.entity'
import {DaemonCycleEntity} from './daemon-cycle.entity'
import {DraftEntity} from './draft.entity'
import {IdempotencyKeyEntity} from './idempotency-key.entity'
import {InboundMessageEntity} from './inbound-message.entity'
import {IssuedPasswordEntity} from './issued-password.entity'
import {LeaseEntity} from './lease.entity'
import {NewsEntity} from './news.entity'
import {OfficeEntity} from './office.entity'
import {OfficeSenderEntity} from './office-sender.entity'
import {OutboxMailEntity} from './outbox-mail.entity'
import {ReceiptCounterEntity} from './receipt-counter.entity'
import {ReminderEntity} from './reminder.entity'
import {ReviewerEntity} from './reviewer.entity'
import {ScheduledChangeEntity} from './scheduled-change.entity'
import {UserCodeEntity} from './user-code.entity'
import {UserIdEntity} from './user-id.entity'

export {
  ApiTokenEntity, ApplicationEntity, ApplicationLogEntity, AttachmentEntity, AuditEventEntity, DaemonCycleEntity, DraftEntity, IdempotencyKeyEntity, InboundMessageEntity, IssuedPasswordEntity, LeaseEntity,
  NewsEntity, OfficeEntity, OfficeSenderEntity, OutboxMailEntity, ReceiptCounterEntity, ReminderEntity, ReviewerEntity, ScheduledChangeEntity, UserCodeEntity, UserIdEntity,
}

/** Every entity of the store, for the DataSource. */
export const ENTITIES = [
  ApiTokenEntity, ApplicationEntity, ApplicationLogEntity, AttachmentEntity, AuditEventEntity, DaemonCycleEntity, DraftEntity, IdempotencyKeyEntity, InboundMessageEntity, IssuedPasswordEntity, LeaseEntity,
  NewsEntity, OfficeEntity, OfficeSenderEntity, OutboxMailEntity, ReceiptCounterEntity, ReminderEntity, ReviewerEntity, ScheduledChangeEntity, UserCodeEntity, UserIdEntity,
]

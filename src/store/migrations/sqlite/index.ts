import {Initial1795666021500} from './1795666021500-initial'
import {InboundMail1795666599065} from './1795666599065-inbound-mail'
import {ListIndexes1795670069795} from './1795670069795-list-indexes'
import {IdempotencyKeys1796000000000} from './1796000000000-idempotency-keys'
import {Retention1796000100000} from './1796000100000-retention'
import {ApiTokens1796000200000} from './1796000200000-api-tokens'
import {DaemonCycles1797400000000} from './1797400000000-daemon-cycles'
import {ApplicationOwner1797500000000} from './1797500000000-application-owner'
import {ReviewerEmail1797600000000} from './1797600000000-reviewer-email'
import {OfficeSenders1797700000000} from './1797700000000-office-senders'
import {Drafts1797800000000} from './1797800000000-drafts'
import {Attachments1797900000000} from './1797900000000-attachments'
import {Reminders1798000000000} from './1798000000000-reminders'


/** The SQLite migration set, in order (SPEC §13: one set per dialect). */
export const SQLITE_MIGRATIONS: Function[] = [Initial1795666021500, InboundMail1795666599065, ListIndexes1795670069795, IdempotencyKeys1796000000000, Retention1796000100000, ApiTokens1796000200000, DaemonCycles1797400000000, ApplicationOwner1797500000000, ReviewerEmail1797600000000, OfficeSenders1797700000000, Drafts1797800000000, Attachments1797900000000, Reminders1798000000000]

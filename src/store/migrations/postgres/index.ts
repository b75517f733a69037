import {Initial1795677646034} from './1795677646034-initial'
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

/**
 * The PostgreSQL migration set, in order (SPEC §13: one set per dialect). It starts from the schema
 * the SQLite set had reached (its three migrations in one), with the same tables, columns and index
 * names, and text for every instant, so `nss store copy` moves rows unchanged.
 */
export const POSTGRES_MIGRATIONS: Function[] = [Initial1795677646034, IdempotencyKeys1796000000000, Retention1796000100000, ApiTokens1796000200000, DaemonCycles1797400000000, ApplicationOwner1797500000000, ReviewerEmail1797600000000, OfficeSenders1797700000000, Drafts1797800000000, Attachments1797900000000, Reminders1798000000000]

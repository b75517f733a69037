/**
 * A place new mail is read from (SPEC §11): the embedded Maildir, or an IMAP mailbox. The pipeline
 * stores each message before acting on it and marks it done in its source only after its transaction
 * commits (step 8), so a crash between the two re-reads a message the store already knows.
 */
import type {LocalText} from '../../domain/messages/text'

export interface InboundItem {
  /** Stable reference in the source: the Maildir file name, or `mailbox:uidvalidity:uid`. */
  ref: string
  /** Size in bytes, known before reading, so over-size messages are never read whole. */
  size: number
  /**
   * Reads the raw message (call only when size is within the limit). A problem of this one message —
   * not a regular file, unreadable, expunged since it was listed — is a SourceItemError; anything else
   * (a lost connection) is the source's and fails the whole read of the source.
   */
  read(): Promise<Buffer>
}

/**
 * What can be wrong with one message of a source, as its outcome names it (`nss mail inbound --failed`):
 * - not-a-file: a Maildir entry that is a symbolic link, a FIFO, a directory, a device (never followed or opened);
 * - unreadable: the message cannot be read (EACCES, EIO…; the detail names the cause);
 * - vanished: expunged or removed between listing and reading;
 * - unmovable: it could not be marked done or set aside (its outcome, if it has one, stands).
 */
export type SourceItemProblem = 'not-a-file' | 'unreadable' | 'vanished' | 'unmovable'

/**
 * A failure of one message in its source, never of the source as a whole: the desk records it, sets
 * the message aside and goes on with the next one (issue 11: one bad message never blocks the inbox).
 * Not an InfrastructureError on purpose: those (the store, a lost connection) are temporary and retried.
 * `message` is English: the row's stored detail and the logs read it. `said` is the same sentence for a
 * reader (`nss mail reprocess` prints it), rendered in their language at the edge.
 */
export class SourceItemError extends Error {
  constructor(readonly said: LocalText, readonly problem: SourceItemProblem) {
    super()
    // Rendered when read, as DeskError does: the catalogue loads only for a message that is said.
    Object.defineProperty(this, 'message', {get: () => renderText('en', said), configurable: true, enumerable: false})
  }
}

function renderText(locale: 'en', value: LocalText): string {
  return (require('../../domain/messages') as typeof import('../../domain/messages')).renderText(locale, value)
}

export interface MailSource {
  readonly kind: 'maildir' | 'imap'
  /**
   * The messages not yet marked done nor set aside, oldest first. A message that could be neither
   * (markDone and setAside both failed) is remembered and skipped for the life of this source, so it
   * is not retried every cycle.
   */
  list(): AsyncIterable<InboundItem>
  /** A message by reference, done, set aside or not, for `nss mail reprocess`; null when the source no longer has it. */
  fetch(ref: string): Promise<InboundItem | null>
  /**
   * Marks a message done: Maildir `cur/` with the S flag; IMAP a keyword and/or a move. A move that
   * fails for this message alone sets it aside instead and throws SourceItemError('unmovable').
   */
  markDone(ref: string): Promise<void>
  /**
   * Puts a message that could not be read where list() does not look again: Maildir `failed/`, IMAP
   * the keyword `$NssFailed`. Throws SourceItemError('unmovable') when that fails (it is then remembered).
   */
  setAside(ref: string): Promise<void>
  /** Resolves when new mail may have arrived (IMAP IDLE), the timeout passes, or the signal aborts. */
  waitForNew(timeoutMs: number, signal: AbortSignal): Promise<void>
  close(): Promise<void>
}

/**
 * A place new mail is read from (SPEC §11): the embedded Maildir, or an IMAP mailbox. The pipeline
 * stores each message before acting on it and marks it done in its source only after its transaction
 * commits (step 8), so a crash between the two re-reads a message the store already knows.
 */
export interface InboundItem {
  /** Stable reference in the source: the Maildir file name, or `mailbox:uidvalidity:uid`. */
  ref: string
  /** Size in bytes, known before reading, so over-size messages are never read whole. */
  size: number
  /** Reads the raw message (call only when size is within the limit). */
  read(): Promise<Buffer>
}

export interface MailSource {
  readonly kind: 'maildir' | 'imap'
  /** The messages not yet marked done, oldest first. */
  list(): AsyncIterable<InboundItem>
  /** A message by reference, done or not, for `nss mail reprocess`; null when the source no longer has it. */
  fetch(ref: string): Promise<InboundItem | null>
  /** Marks a message done: Maildir `cur/` with the S flag; IMAP a keyword and/or a move. */
  markDone(ref: string): Promise<void>
  /** Resolves when new mail may have arrived (IMAP IDLE), the timeout passes, or the signal aborts. */
  waitForNew(timeoutMs: number, signal: AbortSignal): Promise<void>
  close(): Promise<void>
}

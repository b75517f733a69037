/**
 * The port every outbound transport implements (SPEC §10): the embedded spool folder or SMTP. A
 * transport takes a finished message (src/mail/outbound/message.ts) and says what became of it.
 */
import type {ComposedMessage} from '../message'

/** What the receiving side accepted. `rejected` lists recipients refused while others were accepted. */
export interface SendOutcome {
  accepted: string[]
  rejected: {recipient: string; response: string}[]
  /** The server's final answer (e.g. `250 2.0.0 Ok: queued as …`), or where the file went. */
  response: string
}

/** A transport delivers messages until it is closed. */
export interface MailTransport {
  /** For messages: `spool /srv/nss/mail/outbox` or the SMTP URL with its password masked. */
  readonly description: string
  /** Delivers one message; throws DeliveryError when it was not accepted. */
  send(message: ComposedMessage): Promise<SendOutcome>
  close(): Promise<void>
}

/**
 * A message was not accepted. `isPermanent`: the server refused it for good (a 5xx answer to the
 * envelope or the data, RFC 5321 §4.2.1): retrying cannot help. `isUnreachable`: nothing was said about
 * the message because the server could not be reached; the remaining mails need not be tried now.
 * `response` is the server's answer, for the row's lastError and `nss status`.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly isPermanent: boolean,
    readonly isUnreachable: boolean,
    readonly response: string | null = null,
  ) {
    super(message)
    this.name = 'DeliveryError'
  }
}

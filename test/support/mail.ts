/**
 * Helpers for mail tests: compose an outbox row the way delivery does, and read a message back with
 * mailparser (STYLE: mail tests read captured messages back).
 */
import {AddressObject, ParsedMail, simpleParser} from 'mailparser'
import {ComposedMessage, composeMessage, MessageSettings, OutboxMail} from '../../src/mail/outbound/message'
import {MailSource} from '../../src/mail/outbound/mail-model'
import {renderMail} from '../../src/mail/outbound/render'
import {MailTemplates} from '../../src/mail/outbound/templates'
import {mailboxOf} from '../../src/mail/reply-address'

/** A fixed secret, so signed addresses are the same in every run (golden files). */
export const TEST_SECRET = Buffer.alloc(32, 1)

export const TEST_SETTINGS: MessageSettings = {
  from: 'NACCSセンター <nss@nss-desk.localhost>',
  mailbox: mailboxOf('NACCSセンター <nss@nss-desk.localhost>'),
  secret: TEST_SECRET,
  dkim: null,
}

/** A sample row as the outbox holds it, with a fixed id and Message-ID. */
export function outboxMailOf(source: MailSource, id = 1, recipients = ['taro.tsukan@naccs.jp', 'admin@example.jp']): OutboxMail {
  return {...source, id, recipients, messageId: `<${source.receiptNo ?? 'desk'}.${source.kind}.golden-${id}@nss-desk.localhost>`}
}

/** Renders and composes a row as delivery does. */
export async function composeSample(templates: MailTemplates, mail: OutboxMail, settings = TEST_SETTINGS): Promise<ComposedMessage> {
  return composeMessage(mail, renderMail(templates, mail), settings)
}

/** A message read back with mailparser. */
export function parseMessage(raw: Buffer | string): Promise<ParsedMail> {
  return simpleParser(raw)
}

/** The addresses of a parsed address header. */
export function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field]
  return list.flatMap(a => a.value.map(v => v.address ?? ''))
}

/** mailparser keeps the CRLF of the wire; compare text with LF. */
export function textOf(parsed: ParsedMail): string {
  return (parsed.text ?? '').replace(/\r\n/g, '\n')
}

/**
 * The outbound mail pipeline of one run (SPEC §10): checked templates, message settings (sender,
 * signed addresses, DKIM) and the configured transport (the spool folder, or SMTP with NSS_SMTP_URL).
 * Opening it is the "start-up" of mail: a bad NSS_TEMPLATES folder or DKIM key is refused here with
 * every problem named, before any row is touched.
 */
import * as fs from 'node:fs'
import type {MailerSettings} from './mail-settings'
import {InfrastructureError} from '../../domain/errors'
import {text} from '../../domain/messages/text'
import {mailboxOf} from '../reply-address'
import {ComposedMessage, composeMessage, DkimSigning, MessageSettings, OutboxMail} from './message'
import {renderMail, RenderedMail} from './render'
import {MailTemplates} from './templates'
import {SmtpTimeouts, SmtpTransport, PATIENT_TIMEOUTS} from './transports/smtp'
import {spoolFolderOf, SpoolTransport} from './transports/spool'
import type {MailTransport} from './transports/transport'

/** Renders, composes and sends outbox rows. Close it when the run ends. */
export class OutboundMailer {
  private constructor(
    readonly templates: MailTemplates,
    readonly settings: MessageSettings,
    readonly transport: MailTransport,
  ) {}

  /** Opens the pipeline for a desk: templates checked, DKIM key read, transport created (not yet connected). */
  static async open(config: MailerSettings, secret: Buffer, options: {timeouts?: SmtpTimeouts; transport?: MailTransport} = {}): Promise<OutboundMailer> {
    const templates = await MailTemplates.load({overrideDir: config.templatesDir})
    const settings: MessageSettings = {from: config.mailFrom, mailbox: mailboxOf(config.mailFrom), secret, dkim: readDkim(config)}
    const transport = options.transport ?? (config.smtp
      ? await SmtpTransport.create(config.smtp, options.timeouts ?? PATIENT_TIMEOUTS)
      : new SpoolTransport(spoolFolderOf(config.home)))
    return new OutboundMailer(templates, settings, transport)
  }

  /** The words of a row's mail (MailRenderError when its data or a template is wrong). */
  render(mail: OutboxMail): RenderedMail {
    return renderMail(this.templates, mail)
  }

  /** The finished message of a row: rendered, with the desk's headers, signed when configured. */
  async prepare(mail: OutboxMail): Promise<ComposedMessage> {
    return composeMessage(mail, this.render(mail), this.settings)
  }

  async close(): Promise<void> {
    await this.transport.close()
  }
}

/** The DKIM key file is read when mail starts; its content never appears in a message. */
function readDkim(config: MailerSettings): DkimSigning | null {
  if (!config.dkim) return null
  let privateKey: string
  try {
    privateKey = fs.readFileSync(config.dkim.privateKeyFile, 'utf8')
  } catch (error) {
    throw new InfrastructureError(text('mail.dkimKeyUnreadable', {file: config.dkim.privateKeyFile, code: (error as NodeJS.ErrnoException).code ?? 'error'}))
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey)) {
    throw new InfrastructureError(text('mail.dkimKeyNotPem', {file: config.dkim.privateKeyFile}))
  }
  return {domainName: config.dkim.domainName, keySelector: config.dkim.keySelector, privateKey}
}

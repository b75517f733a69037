/**
 * The settings the outbound mail path takes (read and checked by src/app/config.ts): what the mailer
 * needs of the desk's configuration, so that this layer does not reach up into the app's.
 */

/** NSS_SMTP_URL for the transport; `display` has the password masked for messages. */
export interface SmtpConfig {
  /** The URL as nodemailer takes it: without the desk's own `?tls=`, and with `requireTLS=true` when the rule says so. */
  url: string
  display: string
  /** STARTTLS or nothing: `smtp://` to a host outside loopback without `?tls=off` (src/mail/tls-rule.ts). */
  requireTls: boolean
}

/** DKIM signing of outgoing mail (RFC 6376): the signing domain, the selector and the private key file. */
export interface DkimConfig {
  domainName: string
  keySelector: string
  privateKeyFile: string
}

/** What the mailer reads of the configuration (DeskConfig has it all). */
export interface MailerSettings {
  /** NSS_HOME: the spool folder is under it. */
  home: string
  mailFrom: string
  smtp: SmtpConfig | null
  templatesDir: string | null
  dkim: DkimConfig | null
}

/** The English catalogue: what src/mail says to a user; the keys and parameters of the Japanese one. */
import type {EntryKind, MAIL_JA} from '../ja/mail'

const ENTRY_KINDS_EN: Record<EntryKind, string> = {
  symlink: 'a symbolic link', fifo: 'a FIFO', directory: 'a directory', socket: 'a socket', device: 'a device', other: 'not a file',
}

const prefixOf = (where?: string): string => (where ? `${where}: ` : '')

export const MAIL_EN: typeof MAIL_JA = {
  'mail.templatesRefused': ({count}) => `mail templates refused (${count} problem${count === 1 ? '' : 's'})`,
  'mail.templateMissing': ({part, kind, locale}) => `missing: the ${part} of the ${kind} mail (${locale})`,
  'mail.templatesUnreadable': ({folder, reason}) => `cannot read ${folder}: ${reason}`,
  'mail.notTemplateFolder': ({expected}) => `not a template folder: expected ${expected}`,
  'mail.unknownTemplateFile': ({expected}) => `unknown template file: expected ${expected}`,
  'mail.templateUnknownVariable': ({helper, line}) => `{{#${helper}}} on line ${line} names a variable that does not exist`,

  'mail.dkimKeyUnreadable': ({file, code}) => `cannot read the DKIM key file ${file}: ${code}`,
  'mail.dkimKeyNotPem': ({file}) => `the DKIM key file ${file} holds no PEM private key`,

  'mail.tlsOffOnly': ({where}) => `${prefixOf(where)}?tls= takes only "off"`,
  'mail.tlsOffNotApplicable': ({where, protocol, plain}) =>
    `${prefixOf(where)}?tls=off does not apply to ${protocol}// (TLS from the first byte); use ${plain}// for plain text`,
  'mail.tlsRequired': ({server, cause}) =>
    `TLS is required for ${server} (not loopback) and STARTTLS could not be used (${cause}): no credentials were sent. ` +
    'The desk sends its password to a host outside loopback only over TLS; use imaps:// or smtps://, enable STARTTLS on the server, ' +
    'or add ?tls=off to the URL to allow plain text',

  'mail.imapUrlInvalid': () => 'NSS_IMAP_URL is not a valid URL (imap[s]://user:password@host:port/MAILBOX)',
  'mail.imapUrlProtocol': () => 'NSS_IMAP_URL must start with imap:// or imaps://',
  'mail.imapUrlUserHost': () => 'NSS_IMAP_URL needs a user name and a host',
  'mail.imapUrlUnknownOption': ({option, known}) => `NSS_IMAP_URL: unknown option ?${option} (known: ${known})`,
  'mail.imapUrlKeywordAtom': () => 'NSS_IMAP_URL: ?doneKeyword must be an IMAP atom',
  'mail.imapSearchRefused': ({server}) => `${server}: the server refused the SEARCH`,
  'mail.imapNotRef': ({ref}) => `not an IMAP message reference: ${ref}`,
  'mail.imapUidValidityChanged': ({ref, mailbox, current}) =>
    `${ref}: the UIDVALIDITY of ${mailbox} is now ${current}; the message must be listed again`,
  'mail.imapMessageRefused': ({reason}) => `the server refused to return it: ${reason}`,
  'mail.imapExpunged': ({mailbox}) => `no longer in ${mailbox}: expunged since it was listed`,
  'mail.imapKeywordNotKept': ({mailbox, keyword}) =>
    `${mailbox} does not keep the keyword ${keyword} (PERMANENTFLAGS): configure a done mailbox (?doneMailbox=)`,
  'mail.imapNotSelected': ({mailbox}) => `${mailbox}: not selected`,
  'mail.imapClosed': ({server}) => `${server}: the source is closed`,
  'mail.imapLoginRefused': ({server, user, details}) => `${server}: login refused for ${user}${details}`,
  'mail.imapFailed': ({server, cause}) => `${server}: ${cause}`,

  'mail.maildirNotFiled': ({cause, folder, asideCause}) =>
    `not moved to cur/ (${cause}) nor to ${folder}/ (${asideCause}): left in new/, skipped until the daemon restarts`,
  'mail.maildirSetAside': ({cause, folder}) => `not moved to cur/ (${cause}): set aside in ${folder}/`,
  'mail.maildirNotSetAside': ({cause}) => cause,
  'mail.maildirNotRegular': ({kind}) => `${ENTRY_KINDS_EN[kind] ?? kind}, not a regular file: not read`,
  'mail.maildirLinkNotFollowed': () => 'a symbolic link, not a regular file: not followed',
  'mail.maildirUnreadable': ({cause}) => `cannot be read: ${cause}`,
  'mail.maildirVanished': () => 'removed from the Maildir since it was listed',
}

/**
 * The Japanese catalogue: what src/mail says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/mail.ts is typed by this object.
 */

/** What a Maildir entry that is not a regular file is (src/mail/inbound/maildir.ts), as each locale names it. */
export type EntryKind = 'symlink' | 'fifo' | 'directory' | 'socket' | 'device' | 'other'

const ENTRY_KINDS_JA: Record<EntryKind, string> = {
  symlink: 'シンボリックリンク', fifo: 'FIFO', directory: 'ディレクトリ', socket: 'ソケット', device: 'デバイス', other: 'ファイル以外のもの',
}

/** The place in a sentence a URL's variable takes when the problem is said with it: `NSS_IMAP_URL: `. */
const prefixOf = (where?: string): string => (where ? `${where}: ` : '')

export const MAIL_JA = {
  // mail templates (src/mail/outbound/templates.ts)
  'mail.templatesRefused': ({count}: {count: number}) => `メールのテンプレートに問題があるため使用できません(${count}件)。`,
  'mail.templateMissing': ({part, kind, locale}: {part: string; kind: string; locale: string}) =>
    `${kind} メールの ${part} のテンプレートがありません(${locale})。`,
  'mail.templatesUnreadable': ({folder, reason}: {folder: string; reason: string}) => `${folder} を読み込めません(${reason})。`,
  'mail.notTemplateFolder': ({expected}: {expected: string}) => `テンプレートのフォルダではありません。${expected} の形で置いてください。`,
  'mail.unknownTemplateFile': ({expected}: {expected: string}) => `テンプレートのファイル名として認識できません。${expected} の形にしてください。`,
  'mail.templateUnknownVariable': ({helper, line}: {helper: string; line: string}) =>
    `${line}行目の {{#${helper}}} に、存在しない変数が指定されています。`,

  // the DKIM key (src/mail/outbound/mailer.ts)
  'mail.dkimKeyUnreadable': ({file, code}: {file: string; code: string}) => `DKIMの鍵ファイル ${file} を読み込めません(${code})。`,
  'mail.dkimKeyNotPem': ({file}: {file: string}) => `DKIMの鍵ファイル ${file} にPEM形式の秘密鍵がありません。`,

  // the TLS rule (src/mail/tls-rule.ts)
  'mail.tlsOffOnly': ({where}: {where?: string}) => `${prefixOf(where)}?tls= に指定できる値は "off" だけです。`,
  'mail.tlsOffNotApplicable': ({where, protocol, plain}: {where?: string; protocol: string; plain: string}) =>
    `${prefixOf(where)}${protocol}// は最初からTLSで通信するため、?tls=off は使えません。平文で通信する場合は ${plain}// を使ってください。`,
  'mail.tlsRequired': ({server, cause}: {server: string; cause: string}) =>
    `${server} はループバック以外のホストのため TLS が必要ですが、STARTTLS を使用できませんでした(${cause})。認証情報は送信していません。` +
    'デスクはループバック以外のホストには TLS でのみパスワードを送ります。imaps:// または smtps:// を使うか、サーバーで STARTTLS を有効にするか、' +
    '平文を許可する場合は URL に ?tls=off を付けてください。',

  // NSS_IMAP_URL and the IMAP source (src/mail/inbound/imap.ts)
  'mail.imapUrlInvalid': () => 'NSS_IMAP_URL が正しいURLではありません。imap[s]://user:password@host:port/MAILBOX の形で指定してください。',
  'mail.imapUrlProtocol': () => 'NSS_IMAP_URL は imap:// または imaps:// で始めてください。',
  'mail.imapUrlUserHost': () => 'NSS_IMAP_URL にユーザー名とホストを指定してください。',
  'mail.imapUrlUnknownOption': ({option, known}: {option: string; known: string}) =>
    `NSS_IMAP_URL: ?${option} は不明なオプションです(指定できるもの: ${known})。`,
  'mail.imapUrlKeywordAtom': () => 'NSS_IMAP_URL: ?doneKeyword にはIMAPのatom(空白・括弧・引用符などを含まない語)を指定してください。',
  'mail.imapSearchRefused': ({server}: {server: string}) => `${server}: サーバーが SEARCH を拒否しました。`,
  'mail.imapNotRef': ({ref}: {ref: string}) => `${ref} はIMAPのメッセージ参照(mailbox:uidvalidity:uid)ではありません。`,
  'mail.imapUidValidityChanged': ({ref, mailbox, current}: {ref: string; mailbox: string; current: string}) =>
    `${ref}: ${mailbox} の UIDVALIDITY が ${current} に変わりました。メッセージを一覧し直す必要があります。`,
  'mail.imapMessageRefused': ({reason}: {reason: string}) => `サーバーがメッセージを返しませんでした(${reason})。`,
  'mail.imapExpunged': ({mailbox}: {mailbox: string}) => `一覧した後に削除されたため、${mailbox} にはもうありません。`,
  'mail.imapKeywordNotKept': ({mailbox, keyword}: {mailbox: string; keyword: string}) =>
    `${mailbox} はキーワード ${keyword} を保存しません(PERMANENTFLAGS)。処理済みメールの移動先(?doneMailbox=)を設定してください。`,
  'mail.imapNotSelected': ({mailbox}: {mailbox: string}) => `${mailbox} を選択できませんでした。`,
  'mail.imapClosed': ({server}: {server: string}) => `${server}: 受信元はすでに閉じられています。`,
  'mail.imapLoginRefused': ({server, user, details}: {server: string; user: string; details: string}) =>
    `${server}: ${user} のログインが拒否されました${details}。`,
  'mail.imapFailed': ({server, cause}: {server: string; cause: string}) => `${server}: IMAPサーバーを使用できません(${cause})。`,

  // one message of the Maildir (src/mail/inbound/maildir.ts)
  'mail.maildirNotFiled': ({cause, folder, asideCause}: {cause: string; folder: string; asideCause: string}) =>
    `cur/ に移動できず(${cause})、${folder}/ にも移動できませんでした(${asideCause})。new/ に残し、デーモンを再起動するまで読み飛ばします。`,
  'mail.maildirSetAside': ({cause, folder}: {cause: string; folder: string}) =>
    `cur/ に移動できなかったため(${cause})、${folder}/ に移しました。`,
  'mail.maildirNotSetAside': ({cause}: {cause: string}) => `処理できなかったメッセージの置き場所に移動できませんでした(${cause})。`,
  'mail.maildirNotRegular': ({kind}: {kind: EntryKind}) => `${ENTRY_KINDS_JA[kind] ?? kind}で、通常のファイルではないため読み込んでいません。`,
  'mail.maildirLinkNotFollowed': () => 'シンボリックリンクで、通常のファイルではないためリンク先をたどっていません。',
  'mail.maildirUnreadable': ({cause}: {cause: string}) => `読み込めません(${cause})。`,
  'mail.maildirVanished': () => '一覧した後に Maildir から削除されました。',
}

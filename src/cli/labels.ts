/**
 * The words of the CLI's screens, per locale (STYLE: user-facing text in one place per locale). The
 * Japanese is the seed's (システム設定申込内容 参照, メインメニュー 新着情報, 申込完了画面, 確認完了メール);
 * the English says the same. Domain terms (statuses, 区分, 処理方式, field names) stay in
 * src/domain/vocabulary.ts and are not repeated here.
 */
import {ImportResult, MailView} from '../app/views'
import {Locale, MailKind} from '../domain/vocabulary'

export interface ScreenLabels {
  // システム設定申込内容 参照
  applicationTitle: string
  summary: string
  receiptNo: string
  status: string
  submittedAt: string
  registrationDate: string
  timing: string
  desiredDate: string
  remarks: string
  supersedes: string
  supersededBy: string
  office: string
  contact: string
  contactName: string
  contactKana: string
  department: string
  jobTitle: string
  phone: string
  fax: string
  email: string
  systemSettings: string
  entries: string
  userCode: string
  systemClass: string
  industry: string
  registrationChanges: string
  field: string
  change: string
  passwordReset: string
  userId: string
  resetReason: string
  progress: string
  logItem: string
  logDate: string
  logNotice: string
  /** The 進行状況 column of who did it (reviewers only). */
  logActor: string
  /** `office:CODE`, `reviewer:ID`, `mail:ID`, `system` as a person reads it. */
  actorText: (actor: string) => string
  mail: string
  attachments: string
  attachmentId: string
  attachmentName: string
  attachmentType: string
  attachmentSize: string
  attachmentHint: (receiptNo: string) => string
  attachmentSaved: (id: number, filename: string, size: number, out: string) => string
  mailKind: string
  mailTo: string
  mailStatus: string
  mailError: string
  mailKinds: Record<MailKind, string>
  mailStatuses: Record<MailView['status'], string>
  /** After the status of a mail whose content was purged (NSS_RETENTION_DAYS). */
  mailContentPurged: string
  passwordsViewable: (command: string, until: string) => string
  // メインメニュー
  news: string
  newsIntro: string
  newsKinds: Record<'system_settings', string>
  noNews: string
  applications: string
  noApplications: string
  /** Under a list cut at --limit. */
  listCut: (shown: number, total: number) => string
  /** Under a review queue cut at --limit: the most urgent are shown. */
  queueCut: (shown: number, total: number) => string
  // the reviewer's queue (issue 14)
  dueDate: string
  daysLeft: string
  /** Business days left: 0 today, negative overdue. */
  daysLeftValue: (days: number) => string
  owner: string
  nobody: string
  lastActivity: string
  // status RECEIPT --passwords
  passwordsTitle: string
  password: string
  visibleUntil: string
  passwordReminder: string
  noPasswords: string
  // office show
  officeTitle: string
  officeCode: string
  officeName: string
  adminName: string
  adminEmail: string
  locale: string
  localeNames: Record<Locale, string>
  officePassword: string
  passwordSet: string
  passwordNotSet: string
  userCodes: string
  noUserCodes: string
  userIds: string
  method: string
  scheduledChanges: string
  noScheduledChanges: string
  effectiveDate: string
  // review --check
  reviewCheckTitle: string
  /** A receipt number set off in a title or a news row: 【2600001C】 in Japanese. */
  receiptMark: (receiptNo: string) => string
  findings: string
  notice: string
  noFindings: string
  combinedNotice: string
  // apply / amend --dry-run: システム設定申込内容 確認 (issue 13)
  previewTitle: string
  previewIntro: string
  /** That a dry run registers nothing and sends nothing. */
  previewNothingDone: string
  /** The seed's heading above timing, desired date and remarks. */
  desiredDateItems: string
  previewAmends: (receiptNo: string) => string
  previewChanges: string
  previewProblems: string
  previewAccepted: (command: string) => string
  previewRefused: (count: number) => string
  // one-line results
  submitted: (receiptNo: string) => string
  supersedesNote: (receiptNo: string) => string
  /** After `submitted`: who the receipt mail went to (the seed's 完了 screen). */
  receiptMailSent: string
  withdrawn: (receiptNo: string) => string
  queried: (receiptNo: string) => string
  completed: (receiptNo: string) => string
  transitioned: (receiptNo: string, statusLabel: string) => string
  /** review --message: the message went to the office. */
  messaged: (receiptNo: string) => string
  /** review --take: the reviewer owns it now; `previous` is who did before (another reviewer, or nobody). */
  taken: (receiptNo: string, owner: string, previous: string | null) => string
  /** review --release: `previous` owned it; null: nobody did. */
  released: (receiptNo: string, previous: string | null) => string
  imported: (result: ImportResult) => string
  // nss init
  /** A mode init tightened (issue 11 point 13): the path, the mode found and the mode set. */
  modeTightened: (path: string, from: string, to: string) => string
  // nss token (issue 12)
  tokenCreated: (id: string, principal: string, expiresAt: string) => string
  /** After the token's text: it is not kept, so this is the only time it can be copied. */
  tokenShownOnce: string
  // drafts (一時保存, issue 13)
  draftsTitle: string
  noDrafts: string
  draftIdLabel: string
  draftKindLabel: string
  draftKinds: Record<'application' | 'amendment', string>
  draftReceiptLabel: string
  draftSavedAtLabel: string
  draftExpiresLabel: string
  draftsKeptFor: (days: number) => string
  draftSaved: (id: string) => string
  draftOverwritten: (id: string) => string
  draftFormOnly: (id: string) => string
  draftDeleted: (id: string) => string
  draftShowTitle: (id: string) => string
  draftNothingDone: string
  draftAccepted: (id: string) => string
  // office senders
  sendersTitle: string
  sendersAlways: (adminEmail: string) => string
  noSenders: string
  senderAddress: string
  senderAddedAt: string
  senderAdded: (address: string) => string
  senderAlreadyThere: (address: string) => string
  senderRemoved: (address: string) => string
  sendersAdminTold: (adminEmail: string) => string
  tokenRevoked: (id: string, at: string) => string
  tokenAlreadyRevoked: (id: string, at: string) => string
  tokensNone: string
  // nss reviewer (issue 14)
  reviewerReady: (id: string, name: string, email: string | null) => string
  reviewerId: string
  reviewerName: string
  /** A reviewer without an address. */
  noEmail: string
  reviewerPassword: string
  noReviewers: string
  // nss audit (issue 14)
  auditAt: string
  auditAction: string
  auditDetail: string
  noAuditEvents: string
  auditCut: (shown: number, total: number) => string
  // The operator's one-line results and screens (nss init, office passwd, mail …, store …, login)
  storeReady: (store: string, secretKeyHome: string | null) => string
  officePasswordSet: (office: string) => string
  demoHome: (home: string) => string
  loggedIn: (origin: string, who: {office?: string; reviewer?: string}, until: string, file: string) => string
  notLoggedIn: string
  loggedOut: (url: string, revoked: boolean) => string
  backedUp: (from: string, file: string, bytes: number, tables: number, rows: number, migration: string) => string
  copied: (from: string, to: string, migrated: string[]) => string
  copiedTable: (rows: number, checksum: string) => string
  copyVerified: (rows: number) => string
  outboxEmpty: string
  outboxColumns: {id: string; receipt: string; kind: string; to: string; status: string; tries: string; when: string; lastError: string}
  outboxPurged: string
  outboxClaimExpired: (until: string) => string
  outboxClaimedUntil: (until: string) => string
  outboxNext: (at: string) => string
  noMailDue: string
  deliveredVia: (transport: string | null) => string
  deliveryColumns: {id: string; receipt: string; kind: string; status: string; answer: string}
  deliveryTotals: (sent: number, pending: number, failed: number) => string
  deliveryStopped: (reason: string) => string
  noInbound: string
  inboundColumns: {id: string; received: string; from: string; subject: string; state: string; outcome: string; receipt: string; detail: string}
  inboundHeadersKept: string
  inboundTextPurged: string
  reprocessed: (id: number, outcome: string, receipt: string) => string
  tokenColumns: {id: string; principal: string; name: string; access: string; created: string; expires: string; lastUsed: string; revoked: string}
  /** nss health: the columns of its table and the closing line (the statuses ok, warn, fail stay codes). */
  healthColumns: {status: string; check: string; reason: string}
  healthOverall: (status: string) => string
  /** The hidden prompts for passwords (on stderr, at a terminal only). */
  passwordPrompt: (kind: 'office' | 'reviewer', id: string) => string
  newPasswordPrompt: (kind: 'office' | 'reviewer', id: string) => string
  currentPasswordPrompt: string
  newPasswordOnlyPrompt: string
  againPrompt: string
}

/** `office:NACCS01` → `事業所 NACCS01`; `mail:42` → `メール受信 42` (the inbound message, `nss mail inbound`). */
function actorTextOf(actor: string, words: Record<'office' | 'reviewer' | 'mail' | 'system', string>): string {
  const [kind, ...rest] = actor.split(':')
  const word = words[kind as keyof typeof words]
  if (word === undefined) return actor
  return rest.length === 0 ? word : `${word} ${rest.join(':')}`
}

const ja: ScreenLabels = {
  applicationTitle: 'システム設定申込内容 参照',
  summary: '申込概要',
  receiptNo: '受付番号',
  status: 'ステータス',
  submittedAt: '申込日時',
  registrationDate: 'NACCS登録日',
  timing: 'NACCS反映タイミング',
  desiredDate: 'NACCS登録希望日',
  remarks: '備考',
  supersedes: '修正元受付番号',
  supersededBy: '修正後受付番号',
  office: '事業所',
  contact: '申込担当者情報',
  contactName: '氏名',
  contactKana: '氏名(フリガナ)',
  department: '所属部署名',
  jobTitle: '役職名',
  phone: '電話番号',
  fax: 'FAX番号',
  email: 'E-mailアドレス',
  systemSettings: 'システム設定情報',
  entries: '申込情報',
  userCode: '利用者コード',
  systemClass: '区分',
  industry: '業種',
  registrationChanges: '申込情報の修正',
  field: '項目',
  change: '変更内容',
  passwordReset: 'パスワード初期化',
  userId: '利用者ID',
  resetReason: '希望理由',
  progress: '進行状況',
  logItem: '作業項目',
  logDate: '作業日',
  logNotice: '通知内容',
  logActor: '実行者',
  actorText: (actor) => actorTextOf(actor, {office: '事業所', reviewer: '審査担当者', mail: 'メール受信', system: 'システム'}),
  mail: 'メール',
  attachments: '添付ファイル',
  attachmentId: 'ID',
  attachmentName: 'ファイル名',
  attachmentType: '形式',
  attachmentSize: 'サイズ',
  attachmentHint: () => '保存: nss attachment ID --out ファイル',
  attachmentSaved: (id, filename, size, out) => `添付ファイル ${id}（${filename}、${size} バイト）を ${out} に保存しました`,
  mailKind: '種別',
  mailTo: '宛先',
  mailStatus: '状態',
  mailError: 'サーバーの応答',
  mailKinds: {
    receipt: '受付完了メール',
    query: '確認依頼メール',
    completion: '確認完了メール',
    withdrawal: '取下げ完了メール',
    'reply-error': '返信エラーメール',
    'contact-changed': '申込担当者E-mail変更のお知らせ',
    'staff-notice': '審査担当者への通知',
    message: 'NACCSセンターからの連絡',
    'query-reminder': '内容確認の回答のお願い（リマインダー）',
    'password-reminder': 'パスワード確認期限のお知らせ',
    'registration-applied': 'システム設定反映完了のお知らせ',
    'staff-digest': '審査担当者向け日次まとめ',
    'senders-changed': '返信を認める送信者の変更のお知らせ',
  },
  mailStatuses: {pending: '送信待ち', sent: '送信済み', failed: '送信失敗', bounced: '不達'},
  mailContentPurged: '（保存期間を過ぎたため本文は削除済み）',
  passwordsViewable: (command, until) => `発行したパスワードは ${until} まで「${command}」で確認できます。`,
  news: '新着情報',
  newsIntro: '新着情報を表示しています。（最新の10件を表示）',
  newsKinds: {system_settings: 'システム設定'},
  noNews: '新着情報はありません。',
  applications: '申込一覧',
  noApplications: '申込はありません。',
  listCut: (shown, total) => `全${total}件のうち新しい${shown}件を表示しています（--limit 0 ですべて表示）。`,
  queueCut: (shown, total) => `全${total}件のうち処理期限の近い${shown}件を表示しています（--limit 0 ですべて表示）。`,
  dueDate: '処理期限',
  daysLeft: '残り',
  daysLeftValue: (days) => (days < 0 ? `${-days}営業日超過` : days === 0 ? '本日' : `${days}営業日`),
  owner: '担当者',
  nobody: '未割当',
  lastActivity: '最終更新',
  passwordsTitle: '発行パスワード',
  password: 'パスワード',
  visibleUntil: '確認可能期限',
  passwordReminder: '※再発行したパスワードはそのまま使用せず、必ずNACCSの「利用者情報登録(URY)」業務にて変更してください。',
  noPasswords: '発行されたパスワードはありません。',
  officeTitle: '事業所情報',
  officeCode: '事業所コード',
  officeName: '事業所名',
  adminName: '管理責任者',
  adminEmail: '管理責任者E-mailアドレス',
  locale: '言語',
  localeNames: {ja: '日本語', en: '英語'},
  officePassword: '事業所パスワード',
  passwordSet: '設定済み',
  passwordNotSet: '未設定',
  userCodes: '利用者コード一覧',
  noUserCodes: '利用者コードはありません。',
  userIds: '利用者ID一覧',
  method: '処理方式',
  scheduledChanges: '変更予定',
  noScheduledChanges: '変更予定はありません。',
  effectiveDate: '適用予定日',
  reviewCheckTitle: '審査チェック',
  receiptMark: (receiptNo) => `【${receiptNo}】`,
  findings: '指摘事項',
  notice: '通知内容',
  noFindings: '指摘事項はありません。',
  combinedNotice: '通知内容（--query --from-check で送信されます）',
  previewTitle: 'システム設定申込内容 確認',
  previewIntro: '入力した内容を確認してください。',
  previewNothingDone: '（--dry-run: 確認のみです。申込は登録されず、メールも送信されません。）',
  desiredDateItems: 'NACCS登録希望日に関する項目',
  previewAmends: (receiptNo) => `申込受付番号「${receiptNo}」の修正`,
  previewChanges: '修正内容',
  previewProblems: '入力内容の問題',
  previewAccepted: (command) => `この内容で申込できます。登録するには --dry-run を付けずに実行してください（${command}）。`,
  previewRefused: (count) => `この内容では申込できません: 問題が ${count} 件あります。`,
  submitted: (receiptNo) => `システム設定申込の受付が完了しました。申込受付番号「${receiptNo}」`,
  supersedesNote: (receiptNo) => `(修正元: ${receiptNo})`,
  receiptMailSent: 'システム設定申込受付完了のメールを申込担当者および管理責任者宛てに送信しましたので、ご確認ください。',
  withdrawn: (receiptNo) => `システム設定申込を取り下げました。申込受付番号「${receiptNo}」`,
  queried: (receiptNo) => `確認事項を通知しました（内容確認）。申込受付番号「${receiptNo}」`,
  completed: (receiptNo) => `審査を終了しました（審査終了）。申込受付番号「${receiptNo}」`,
  transitioned: (receiptNo, statusLabel) => `申込受付番号「${receiptNo}」のステータス: ${statusLabel}`,
  messaged: (receiptNo) => `事業所にNACCSセンターからの連絡を通知しました。申込受付番号「${receiptNo}」`,
  taken: (receiptNo, owner, previous) => previous === owner
    ? `申込受付番号「${receiptNo}」はすでに ${owner} の担当です。`
    : `申込受付番号「${receiptNo}」の担当者を ${owner} にしました。${previous ? `（前の担当者: ${previous}）` : ''}`,
  released: (receiptNo, previous) => previous
    ? `申込受付番号「${receiptNo}」の担当（${previous}）を解除しました。`
    : `申込受付番号「${receiptNo}」には担当者がいません。`,
  imported: (result) =>
    `取り込みが完了しました。事業所 ${result.offices}件、利用者コード ${result.userCodes}件、利用者ID ${result.userIds}件`,
  modeTightened: (path, from, to) => `${path} のアクセス権を ${from} から ${to} に変更しました（所有者のみ）。`,
  tokenCreated: (id, principal, expiresAt) => `APIトークン ${id} を作成しました（${principal}、有効期限 ${expiresAt}）。`,
  tokenShownOnce: 'このトークンが表示されるのは今回だけです。保存されるのはハッシュ値のみで、再表示はできません。',
  draftsTitle: '一時保存した申込内容',
  noDrafts: '一時保存した申込内容はありません。',
  draftIdLabel: '一時保存ID',
  draftKindLabel: '種別',
  draftKinds: {application: '新規申込', amendment: '申込内容の修正'},
  draftReceiptLabel: '修正する申込受付番号',
  draftSavedAtLabel: '保存日時',
  draftExpiresLabel: '保存期限',
  draftsKeptFor: (days) => `一時保存した申込内容は、最後に保存してから${days}日で削除されます。修正の一時保存は、申込が「内容確認」でなくなると削除されます。`,
  draftSaved: (id) => `申込内容を一時保存しました。一時保存ID「${id}」`,
  draftOverwritten: (id) => `一時保存した申込内容「${id}」を上書き保存しました。`,
  draftFormOnly: (id) => `入力形式のみ確認しました。申込の前に nss draft show ${id} で誤りを確認し、nss draft submit ${id} で申込んでください。`,
  draftDeleted: (id) => `一時保存した申込内容「${id}」を削除しました。`,
  draftShowTitle: (id) => `一時保存した申込内容「${id}」`,
  draftNothingDone: '（一時保存した内容の確認のみです。申込は登録されず、メールも送信されません。）',
  draftAccepted: (id) => `この内容で申込できます。申込むには nss draft submit ${id} を実行してください。`,
  sendersTitle: '返信を認める送信者',
  sendersAlways: (adminEmail) => `申込担当者と管理責任者（${adminEmail}）のアドレスからの返信は常に受け付けます。返信は確認依頼メールの返信先アドレスあてのものに限ります。`,
  noSenders: '登録された送信者はありません。',
  senderAddress: 'E-mailアドレス',
  senderAddedAt: '登録日時',
  senderAdded: (address) => `返信を認める送信者に ${address} を追加しました。`,
  senderAlreadyThere: (address) => `${address} はすでに返信を認める送信者です（変更はありません）。`,
  senderRemoved: (address) => `返信を認める送信者から ${address} を削除しました。`,
  sendersAdminTold: (adminEmail) => `変更は管理責任者（${adminEmail}）にメールでお知らせします。`,
  tokenRevoked: (id, at) => `APIトークン ${id} を失効させました（${at}）。`,
  tokenAlreadyRevoked: (id, at) => `APIトークン ${id} は ${at} に失効済みです。`,
  tokensNone: 'APIトークンはありません。',
  reviewerReady: (id, name, email) => `審査担当者 ${id}（${name}）を登録しました。${email ? `通知先: ${email}` : '通知先のアドレスはありません。'}`,
  reviewerId: '審査担当者ID',
  reviewerName: '氏名',
  noEmail: 'なし',
  reviewerPassword: 'パスワード',
  noReviewers: '審査担当者はいません。',
  auditAt: '日時',
  auditAction: '操作',
  auditDetail: '詳細',
  noAuditEvents: '監査イベントはありません。',
  auditCut: (shown, total) => `全${total}件のうち新しい${shown}件を表示しています（--limit 0 ですべて表示）。`,
  storeReady: (store, home) => `ストアの準備ができました: ${store}${home ? `（秘密鍵を ${home} に作成しました）` : ''}`,
  officePasswordSet: (office) => `事業所 ${office} のパスワードを設定しました。`,
  demoHome: (home) => `（デモのホーム: ${home}）`,
  loggedIn: (origin, who, until, file) => `${origin} に${who.office ? `事業所 ${who.office}` : `審査担当者 ${who.reviewer}`}としてログインしました。${until} まで有効です（${file} に保存）。`,
  notLoggedIn: 'ログインしていません。',
  loggedOut: (url, revoked) => revoked ? `${url} からログアウトしました。トークンは失効しました。` : `${url} からログアウトしました（トークンはすでに無効でした）。`,
  backedUp: (from, file, bytes, tables, rows, migration) => `${from} を ${file} にバックアップしました: ${bytes} バイト、${tables} テーブル、${rows} 行、整合性 ok、マイグレーション ${migration} まで`,
  copied: (from, to, migrated) => `${from} を ${to} にコピーしました${migrated.length > 0 ? `（マイグレーション: ${migrated.join(', ')}）` : ''}`,
  copiedTable: (rows, checksum) => `${String(rows).padStart(8)} 行  sha256 ${checksum}…  一致`,
  copyVerified: (rows) => `すべてのテーブルを検証しました: ${rows} 行、件数とチェックサムは両側で一致しています`,
  outboxEmpty: '送信トレイは空です。',
  outboxColumns: {id: 'ID', receipt: '受付番号', kind: '種別', to: '宛先', status: '状態', tries: '試行', when: '日時', lastError: '最後のエラー'},
  outboxPurged: '削除済み',
  outboxClaimExpired: (until) => `送信中の期限切れ ${until}`,
  outboxClaimedUntil: (until) => `送信中 ${until} まで`,
  outboxNext: (at) => `次回 ${at}`,
  noMailDue: '送信するメールはありません。',
  deliveredVia: (transport) => `送信経路: ${transport}`,
  deliveryColumns: {id: 'ID', receipt: '受付番号', kind: '種別', status: '状態', answer: 'サーバーの応答'},
  deliveryTotals: (sent, pending, failed) => `送信 ${sent} 件、送信待ち ${pending} 件、失敗 ${failed} 件`,
  deliveryStopped: (reason) => `中断しました: ${reason}`,
  noInbound: '受信メッセージはありません。',
  inboundColumns: {id: 'ID', received: '受信日時', from: '差出人', subject: '件名', state: '状態', outcome: '結果', receipt: '受付番号', detail: '詳細'},
  inboundHeadersKept: 'ヘッダーのみ保存',
  inboundTextPurged: '本文は削除済み',
  reprocessed: (id, outcome, receipt) => `受信メッセージ ${id}: ${outcome}${receipt}`,
  tokenColumns: {id: 'ID', principal: '利用者', name: '名前', access: '権限', created: '作成日時', expires: '有効期限', lastUsed: '最終使用', revoked: '失効日時'},
  healthColumns: {status: '状態', check: '確認項目', reason: '理由'},
  healthOverall: (status) => `ヘルスチェック: ${status}`,
  passwordPrompt: (kind, id) => `${kind === 'office' ? '事業所' : '審査担当者'} ${id} のパスワード: `,
  newPasswordPrompt: (kind, id) => `${kind === 'office' ? '事業所' : '審査担当者'} ${id} の新しいパスワード: `,
  currentPasswordPrompt: '現在のパスワード: ',
  newPasswordOnlyPrompt: '新しいパスワード: ',
  againPrompt: 'もう一度入力してください: ',
}

const en: ScreenLabels = {
  applicationTitle: 'System settings application',
  summary: 'Summary',
  receiptNo: 'Receipt no.',
  status: 'Status',
  submittedAt: 'Submitted',
  registrationDate: 'NACCS registration date',
  timing: 'NACCS timing',
  desiredDate: 'Desired registration date',
  remarks: 'Remarks',
  supersedes: 'Amends receipt no.',
  supersededBy: 'Amended as receipt no.',
  office: 'Office',
  contact: 'Contact person',
  contactName: 'Name',
  contactKana: 'Name (kana)',
  department: 'Department',
  jobTitle: 'Title',
  phone: 'Phone',
  fax: 'Fax',
  email: 'E-mail',
  systemSettings: 'System settings',
  entries: 'Application entries',
  userCode: 'User code',
  systemClass: 'Class',
  industry: 'Industry',
  registrationChanges: 'Registration changes',
  field: 'Field',
  change: 'Change',
  passwordReset: 'Password reset',
  userId: 'User ID',
  resetReason: 'Reason',
  progress: 'Progress',
  logItem: 'Item',
  logDate: 'Date',
  logNotice: 'Notice',
  logActor: 'By',
  actorText: (actor) => actorTextOf(actor, {office: 'office', reviewer: 'reviewer', mail: 'mail', system: 'system'}),
  mail: 'Mail',
  attachments: 'Attachments',
  attachmentId: 'ID',
  attachmentName: 'File name',
  attachmentType: 'Type',
  attachmentSize: 'Size',
  attachmentHint: () => 'Save one: nss attachment ID --out FILE',
  attachmentSaved: (id, filename, size, out) => `attachment ${id} (${filename}, ${size} bytes) saved to ${out}`,
  mailKind: 'Kind',
  mailTo: 'To',
  mailStatus: 'State',
  mailError: 'Server answer',
  mailKinds: {
    receipt: 'Receipt',
    query: 'Query',
    completion: 'Completion',
    withdrawal: 'Withdrawal',
    'reply-error': 'Reply error',
    'contact-changed': 'Contact e-mail changed',
    'staff-notice': 'Staff notice',
    message: 'Message from NACCS Center',
    'query-reminder': 'Query reminder',
    'password-reminder': 'Password viewing reminder',
    'registration-applied': 'Registration applied',
    'staff-digest': 'Staff digest',
    'senders-changed': 'Authorised senders changed',
  },
  mailStatuses: {pending: 'Pending', sent: 'Sent', failed: 'Failed', bounced: 'Bounced'},
  mailContentPurged: ' (content purged after the retention period)',
  passwordsViewable: (command, until) => `Issued passwords can be viewed with \`${command}\` until ${until}.`,
  news: 'News',
  newsIntro: 'Showing the latest news (up to 10).',
  newsKinds: {system_settings: 'System settings'},
  noNews: 'No news.',
  applications: 'Applications',
  noApplications: 'No applications.',
  listCut: (shown, total) => `The newest ${shown} of ${total} are shown (--limit 0 shows all).`,
  queueCut: (shown, total) => `The ${shown} most urgent of ${total} are shown (--limit 0 shows all).`,
  dueDate: 'Due',
  daysLeft: 'Left',
  daysLeftValue: (days) => (days < 0 ? `${-days} late` : days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'}`),
  owner: 'Owner',
  nobody: 'nobody',
  lastActivity: 'Last activity',
  passwordsTitle: 'Issued passwords',
  password: 'Password',
  visibleUntil: 'Viewable until',
  passwordReminder: 'Do not keep using an issued password: change it at once through the NACCS user information registration (URY) job.',
  noPasswords: 'No passwords were issued.',
  officeTitle: 'Office',
  officeCode: 'Office code',
  officeName: 'Office name',
  adminName: 'Administrator',
  adminEmail: 'Administrator e-mail',
  locale: 'Language',
  localeNames: {ja: 'Japanese', en: 'English'},
  officePassword: 'Office password',
  passwordSet: 'Set',
  passwordNotSet: 'Not set',
  userCodes: 'User codes',
  noUserCodes: 'No user codes.',
  userIds: 'User IDs',
  method: 'Method',
  scheduledChanges: 'Scheduled changes',
  noScheduledChanges: 'No scheduled changes.',
  effectiveDate: 'Effective',
  reviewCheckTitle: 'Review check',
  receiptMark: (receiptNo) => `[${receiptNo}]`,
  findings: 'Findings',
  notice: 'Notice',
  noFindings: 'No findings.',
  combinedNotice: 'Notice (sent by --query --from-check)',
  previewTitle: 'System settings application: confirm',
  previewIntro: 'Please check what you entered.',
  previewNothingDone: '(--dry-run: a check only. Nothing is registered and no mail is sent.)',
  desiredDateItems: 'NACCS registration date',
  previewAmends: (receiptNo) => `Amendment of receipt no. ${receiptNo}`,
  previewChanges: 'Changes',
  previewProblems: 'Problems',
  previewAccepted: (command) => `This would be accepted. To register it, run the command without --dry-run (${command}).`,
  previewRefused: (count) => `This would not be accepted: ${count} problem(s).`,
  submitted: (receiptNo) => `System settings application received. Receipt no. ${receiptNo}`,
  supersedesNote: (receiptNo) => `(amends ${receiptNo})`,
  receiptMailSent: 'The receipt mail has been sent to the contact person and the administrator; please check it.',
  withdrawn: (receiptNo) => `Application ${receiptNo} withdrawn.`,
  queried: (receiptNo) => `Query sent for application ${receiptNo}.`,
  completed: (receiptNo) => `Review of application ${receiptNo} completed.`,
  transitioned: (receiptNo, statusLabel) => `Application ${receiptNo}: ${statusLabel}`,
  messaged: (receiptNo) => `Message sent to the office of application ${receiptNo}.`,
  taken: (receiptNo, owner, previous) => previous === owner
    ? `Application ${receiptNo} is already ${owner}'s.`
    : `Application ${receiptNo} is now ${owner}'s.${previous ? ` (It was ${previous}'s.)` : ''}`,
  released: (receiptNo, previous) => previous
    ? `Application ${receiptNo} released (it was ${previous}'s).`
    : `Application ${receiptNo} has no owner.`,
  imported: (result) =>
    `Import complete: ${result.offices} offices, ${result.userCodes} user codes, ${result.userIds} user IDs.`,
  modeTightened: (path, from, to) => `${path} was mode ${from}: now ${to} (the operator's alone).`,
  tokenCreated: (id, principal, expiresAt) => `API token ${id} created for ${principal}, expires ${expiresAt}.`,
  tokenShownOnce: 'This is the only time the token is shown: only its hash is kept, it cannot be shown again.',
  draftsTitle: 'Drafts',
  noDrafts: 'No drafts are saved.',
  draftIdLabel: 'Draft ID',
  draftKindLabel: 'Kind',
  draftKinds: {application: 'New application', amendment: 'Amendment'},
  draftReceiptLabel: 'Amends',
  draftSavedAtLabel: 'Saved',
  draftExpiresLabel: 'Kept until',
  draftsKeptFor: (days) => `A draft is deleted ${days} days after it was last saved; a draft of an amendment when its application is no longer under query.`,
  draftSaved: (id) => `The draft was saved as ${id}.`,
  draftOverwritten: (id) => `Draft ${id} was saved over.`,
  draftFormOnly: (id) => `Only its form was checked: see every problem with nss draft show ${id}, then submit it with nss draft submit ${id}.`,
  draftDeleted: (id) => `Draft ${id} was deleted.`,
  draftShowTitle: (id) => `Draft ${id}`,
  draftNothingDone: '(A check of the draft only. Nothing is registered and no mail is sent.)',
  draftAccepted: (id) => `This would be accepted. To submit it: nss draft submit ${id}`,
  sendersTitle: 'Senders allowed to reply',
  sendersAlways: (adminEmail) => `Replies from the contact person's and the administrator's (${adminEmail}) addresses are always taken. A reply must go to the reply address of the query mail.`,
  noSenders: 'No sender is registered.',
  senderAddress: 'E-mail address',
  senderAddedAt: 'Added',
  senderAdded: (address) => `${address} may now reply for the office.`,
  senderAlreadyThere: (address) => `${address} may reply already (nothing changed).`,
  senderRemoved: (address) => `${address} may no longer reply for the office.`,
  sendersAdminTold: (adminEmail) => `The administrator (${adminEmail}) is told of the change by mail.`,
  tokenRevoked: (id, at) => `API token ${id} revoked at ${at}.`,
  tokenAlreadyRevoked: (id, at) => `API token ${id} was already revoked at ${at}.`,
  tokensNone: 'No API tokens.',
  reviewerReady: (id, name, email) => `Reviewer ${id} (${name}) ready; ${email ? `notices go to ${email}` : 'no address for notices'}.`,
  reviewerId: 'Reviewer ID',
  reviewerName: 'Name',
  noEmail: 'none',
  reviewerPassword: 'Password',
  noReviewers: 'No reviewers.',
  auditAt: 'At',
  auditAction: 'Action',
  auditDetail: 'Detail',
  noAuditEvents: 'No audit events.',
  auditCut: (shown, total) => `The newest ${shown} of ${total} are shown (--limit 0 shows all).`,
  storeReady: (store, home) => `store ready: ${store}${home ? ` (secret key created in ${home})` : ''}`,
  officePasswordSet: (office) => `password set for office ${office}`,
  demoHome: (home) => `(demo home: ${home})`,
  loggedIn: (origin, who, until, file) => `logged in to ${origin} as ${who.office ? `office ${who.office}` : `reviewer ${who.reviewer}`} until ${until} (kept in ${file})`,
  notLoggedIn: 'not logged in',
  loggedOut: (url, revoked) => revoked ? `logged out of ${url}: the token is revoked` : `logged out of ${url} (the token was no longer valid)`,
  backedUp: (from, file, bytes, tables, rows, migration) => `backed up ${from} → ${file}: ${bytes} bytes, ${tables} tables, ${rows} rows, integrity ok, up to migration ${migration}`,
  copied: (from, to, migrated) => `copied ${from} → ${to}${migrated.length > 0 ? ` (migrated: ${migrated.join(', ')})` : ''}`,
  copiedTable: (rows, checksum) => `${String(rows).padStart(8)} rows  sha256 ${checksum}…  equal`,
  copyVerified: (rows) => `every table verified: ${rows} rows, counts and checksums equal on both sides`,
  outboxEmpty: 'the outbox is empty',
  outboxColumns: {id: 'id', receipt: 'receipt', kind: 'kind', to: 'to', status: 'status', tries: 'tries', when: 'when', lastError: 'last error'},
  outboxPurged: 'purged',
  outboxClaimExpired: (until) => `claim expired ${until}`,
  outboxClaimedUntil: (until) => `claimed until ${until}`,
  outboxNext: (at) => `next ${at}`,
  noMailDue: 'no mail due',
  deliveredVia: (transport) => `via ${transport}`,
  deliveryColumns: {id: 'id', receipt: 'receipt', kind: 'kind', status: 'status', answer: 'answer'},
  deliveryTotals: (sent, pending, failed) => `${sent} sent, ${pending} pending, ${failed} failed`,
  deliveryStopped: (reason) => `stopped: ${reason}`,
  noInbound: 'no inbound messages',
  inboundColumns: {id: 'id', received: 'received', from: 'from', subject: 'subject', state: 'state', outcome: 'outcome', receipt: 'receipt', detail: 'detail'},
  inboundHeadersKept: 'headers kept',
  inboundTextPurged: 'text purged',
  reprocessed: (id, outcome, receipt) => `inbound message ${id}: ${outcome}${receipt}`,
  tokenColumns: {id: 'id', principal: 'principal', name: 'name', access: 'access', created: 'created', expires: 'expires', lastUsed: 'last used', revoked: 'revoked'},
  healthColumns: {status: 'status', check: 'check', reason: 'reason'},
  healthOverall: (status) => `health: ${status}`,
  passwordPrompt: (kind, id) => `${kind} ${id} password: `,
  newPasswordPrompt: (kind, id) => `new password for ${kind} ${id}: `,
  currentPasswordPrompt: 'current password: ',
  newPasswordOnlyPrompt: 'new password: ',
  againPrompt: 'again: ',
}

export const SCREEN_LABELS: Record<Locale, ScreenLabels> = {ja, en}

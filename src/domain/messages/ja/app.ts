/**
 * The Japanese catalogue: what src/app says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/app.ts is typed by this object.
 */

import {STATUS_LABELS} from '../../vocabulary'
import type {LocalText} from '../text'

/** A status code in Japanese (受付済, 照会中, …); `new` (no application yet) and unknown codes as they are. */
function statusJa(status: string): string {
  return (STATUS_LABELS.ja as Record<string, string>)[status] ?? (status === 'new' ? '新規' : status)
}

const EVENTS_JA: Record<string, string> = {apply: '申込', query: '照会', complete: '完了', amend: '修正', withdraw: '取下げ', message: '連絡'}

/** A lifecycle event as a verb stem: 申込む → 「申込」できません. */
function eventJa(event: string): string {
  return EVENTS_JA[event] ?? event
}

const VERBS_JA: Record<string, string> = {
  apply: '申込', amend: '申込の修正', 'apply-preview': '申込内容の確認', 'amend-preview': '修正内容の確認', withdraw: '申込の取下げ',
  list: '申込の一覧', show: '申込の参照', passwords: '払い出されたパスワードの参照', check: '審査のための確認', query: '照会',
  complete: '完了', take: '申込の担当', release: '担当を外すこと', message: '事業所への連絡', passwd: 'パスワードの変更',
  office: '事業所の契約内容の参照', senders: '返信を許可した差出人の一覧', addSender: '返信を許可する差出人の追加',
  removeSender: '返信を許可した差出人の削除', 'draft-save': '一時保存', 'draft-list': '一時保存の一覧', 'draft-show': '一時保存の参照',
  'draft-submit': '一時保存からの申込', 'draft-delete': '一時保存の削除', attachment: '添付ファイルの取得',
}

/** What a verb of the desk does, as a noun phrase (desk-operations.ts). */
function verbJa(verb: string): string {
  return VERBS_JA[verb] ?? verb
}

/** The folders file-modes.ts creates, and why one could not be (app.cannotCreateFolder). */
const FOLDERS_JA: Record<string, string> = {'the store folder': 'ストアのフォルダ', 'the mail folder': 'メールのフォルダ'}
const FOLDER_REASONS_JA: Record<string, string> = {
  pathHasFile: 'パスの途中がフォルダではなくファイルです', permissionDenied: '権限がありません',
  readOnly: 'ファイルシステムが読み取り専用です', diskFull: 'ディスクがいっぱいです',
}

export const APP_JA = {
  'app.noApplication': ({receiptNo}: {receiptNo: string}) => `受付番号 ${receiptNo} の申込はありません。`,
  'app.notOwnApplication': ({receiptNo, office}: {receiptNo: string; office: string}) =>
    `受付番号 ${receiptNo} は事業所 ${office} の申込ではありません。`,
  'app.noOffice': ({office}: {office: string}) => `事業所 ${office} はありません。`,
  'app.loginRefusedOffice': ({id, minutes, threshold}: {id: string; minutes: number; threshold: number}) =>
    `事業所 ${id} を認証できませんでした。IDかパスワードが誤っているか、${threshold}回続けて失敗したため${minutes}分間ロックされています。`,
  'app.loginRefusedReviewer': ({id, minutes, threshold}: {id: string; minutes: number; threshold: number}) =>
    `審査担当者 ${id} を認証できませんでした。IDかパスワードが誤っているか、${threshold}回続けて失敗したため${minutes}分間ロックされています。`,
  'app.officeCannot': ({event}: {event: string}) => `事業所は申込を${eventJa(event)}できません。`,
  'app.reviewerCannot': ({event}: {event: string}) => `審査担当者は申込を${eventJa(event)}できません。`,
  'app.eventNotInStatus': ({event, status, allowed}: {event: string; status: string; allowed: string[]}) =>
    `状態が「${statusJa(status)}」の申込は${eventJa(event)}できません（できるのは「${allowed.map(statusJa).join('」「')}」の申込だけです）。`,
  'app.onlyApplyingOffice': () => `払い出されたパスワードを参照できるのは申込を行った事業所だけです。`,
  'app.onlyOffice': ({verb, doing}: {verb: string; doing: string}) => `${verbJa(verb)}ができるのは事業所だけです。`,
  'app.onlyReviewer': ({verb, doing}: {verb: string; doing: string}) => `${verbJa(verb)}ができるのは審査担当者だけです。`,
  'app.controlChars': () => `エスケープシーケンス、NUL、文字方向の制御文字などの制御文字は使えません。`,
  'app.noticeControlChars': () => `通知内容に制御文字が含まれています。`,
  'app.noticeRequired': ({event}: {event: 'query' | 'message'}) => `${event === 'query' ? '照会' : '連絡'}には通知内容が必要です。`,
  'app.noticeRequiredFor': ({event}: {event: 'query' | 'message'}) => `${event === 'query' ? '照会' : '連絡'}には必須です。`,
  'app.noticeTooLong': () => `通知内容が長すぎます。`,
  'app.atMostCharacters': ({max}: {max: number}) => `${max}文字以内で入力してください。`,
  'app.registrationDateInvalid': () => `登録日が正しくありません。`,
  'app.registrationDateInvalidValue': ({given}: {given: string}) => `登録日が正しくありません: ${given}`,
  'app.notInPast': () => `過去の日付は指定できません。`,
  'app.notBusinessDay': () => `営業日を指定してください。`,
  'app.nothingToAsk': ({receiptNo}: {receiptNo: string}) => `確認の結果、受付番号 ${receiptNo} について照会することはありません。`,
  'app.noFindings': () => `指摘事項はありません。`,
  'app.takeNotOpen': ({receiptNo, status}: {receiptNo: string; status: string}) => `受付番号 ${receiptNo} の申込は「${statusJa(status)}」です。担当できるのは「${statusJa('received')}」「${statusJa('query')}」の申込だけです。`,
  'app.takenBy': ({receiptNo, owner}: {receiptNo: string; owner: string}) => `受付番号 ${receiptNo} の申込は ${owner} が担当しています。引き継ぐには --force を付けてください。`,
  'app.takenByOther': ({receiptNo, owner}: {receiptNo: string; owner: string}) => `受付番号 ${receiptNo} の申込を担当しているのはあなたではなく ${owner} です。担当を外すには --force を付けてください。`,
  'app.dayForms': () => `実在する日付を YYYYMMDD または YYYY-MM-DD で指定してください。`,
  'app.noDraft': ({draftId}: {draftId: string}) => `一時保存 ${draftId} はありません。`,
  'app.notOwnDraft': ({draftId, office}: {draftId: string; office: string}) => `一時保存 ${draftId} は事業所 ${office} のものではありません。`,
  'app.draftGoneClosed': ({draftId, receiptNo}: {draftId: string; receiptNo: string}) => `一時保存 ${draftId} はありません。受付番号 ${receiptNo} の申込はもう「${statusJa('query')}」ではありません。`,
  'app.draftGoneOld': ({draftId, days}: {draftId: string; days: number}) => `一時保存 ${draftId} はありません。${days}日間保存されなかったため削除されました。`,
  'app.draftIsNew': ({draftId}: {draftId: string}) => `一時保存 ${draftId} は新規の申込です。`,
  'app.draftIsAmendment': ({draftId, receiptNo}: {draftId: string; receiptNo: string}) => `一時保存 ${draftId} は受付番号 ${receiptNo} の修正です。`,
  'app.draftLeaveOutReceipt': () => `--receipt を外してください。この一時保存は新規の申込です。`,
  'app.draftReceiptOf': ({receiptNo}: {receiptNo: string}) => `--receipt ${receiptNo} を指定するか、--receipt を外してください。`,
  'app.draftsFull': ({office, max}: {office: string; max: number}) => `事業所 ${office} の一時保存はすでに${max}件あります。`,
  'app.draftsAtMost': ({max}: {max: number}) => `一時保存は${max}件までです。どれかを申込むか削除してください。`,
  'app.unknownMailStatus': ({status}: {status: string}) => `メールの状態 ${status} はありません。`,
  'app.oneOf': ({values}: {values: string}) => `次のいずれかを指定してください: ${values}`,
  'app.noMail': ({id}: {id: number}) => `送信待ちメール ${id} はありません。`,
  'app.mailNotRetriable': ({id, status}: {id: number; status: string}) => `メール ${id} は ${status} です。再送できるのは failed または bounced のメールだけです。`,
  'app.mailChanged': ({id}: {id: number}) => `メール ${id} はその間に変更されました。もう一度確認してください。`,
  'app.mailPurged': ({id, at}: {id: number; at: string}) => `メール ${id} の内容は ${at} に削除されました（NSS_RETENTION_DAYS）。再送できません。`,
  'app.secretKeyCannotCreate': ({file, reason}: {file: string; reason: string}) => `秘密鍵ファイル ${file} を作成できません: ${reason}`,
  'app.secretKeyMissing': () => `秘密鍵ファイルがありません。\`nss init\` を実行してください。`,
  'app.secretKeyCannotRead': ({file, reason}: {file: string; reason: string}) => `秘密鍵ファイル ${file} を読めません: ${reason}`,
  'app.secretKeyNotFile': ({file}: {file: string}) => `秘密鍵ファイル ${file} は通常のファイルではありません。`,
  'app.secretKeyOpen': ({file, mode}: {file: string; mode: string}) => `秘密鍵ファイル ${file} はグループや他のユーザーが読めます（モード ${mode}）。\`chmod 600 ${file}\` を実行してください。`,
  'app.secretKeyMalformed': ({file, digits}: {file: string; digits: number}) => `秘密鍵ファイル ${file} の形式が正しくありません。16進数${digits}桁が必要です。`,
  'app.userCodeOfOther': ({code, owner}: {code: string; owner: string}) => `利用者コード ${code} は事業所 ${owner} のものです。`,
  'app.masterDataConflict': () => `ファイルの内容が登録済みのマスタデータと矛盾しています。`,
  'app.ownContractOnly': ({office, named}: {office: string; named: string}) => `事業所 ${office} が参照できるのは自らの契約内容だけです（事業所 ${named} は参照できません）。`,
  'app.reviewerNamesOffice': () => `審査担当者には自らの事業所がありません。事業所を指定してください（nss office show CODE）。`,
  'app.requiredForReviewer': () => `審査担当者は事業所コードの指定が必要です。`,
  'app.passwordRefused': () => `このパスワードは設定できません。`,
  'app.nameRequired': ({max}: {max: number}) => `必須です。${max}文字以内で入力してください。`,
  'app.nameControlChars': () => `改行、タブ、その他の制御文字（エスケープ、NUL、文字方向の制御文字など）は使えません。`,
  'app.oneMailAddress': () => `メールアドレスを1つ指定してください（name@example.jp）。`,
  'app.reviewerIdForm': () => `A–Z a–z 0–9 . _ - の1〜40文字で指定してください。`,
  'app.invalidReviewer': () => `審査担当者の指定が正しくありません。`,
  'app.giveNameOrEmail': () => `--name か --email を指定してください。`,
  'app.noReviewer': ({id}: {id: string}) => `審査担当者 ${id} はいません。`,
  'app.tokenNotValid': () => 'APIトークンが無効です。',
  'app.tokenPrincipal': () => `--office CODE か --reviewer ID を指定してください。`,
  'app.tokenPrincipalBoth': () => `--office と --reviewer のどちらか一方を指定してください。`,
  'app.tokenNameLogin': ({prefix}: {prefix: string}) => `「${prefix}」で始まる名前は使えません（nss login のトークンの名前です）。`,
  'app.tokenDays': ({max, fallback}: {max: number; fallback: number}) => `1から${max}までの日数を整数で指定してください（既定は${fallback}）。トークンには必ず有効期限があります。`,
  'app.tokenInvalid': () => `APIトークンの指定が正しくありません。`,
  'app.noToken': ({id}: {id: string}) => `APIトークン ${id} はありません（nss token list で確認できます）。`,
  'app.noAttachment': ({id}: {id: number}) => `添付ファイル ${id} はありません。`,
  'app.badConfiguration': () => `設定に誤りがあります。`,
  'app.notLocale': ({value}: {value: string}) => `${value} は言語の指定ではありません。ja か en を指定してください。`,
  'app.notDate': ({day}: {day: string}) => `日付（YYYY-MM-DD）ではありません: ${day}`,
  'app.notMailAddress': ({value}: {value: string}) => `メールアドレスではありません: ${value}`,
  'app.imapUrlInvalid': () => `URLの形式が正しくありません（imap://user:pass@host:port/MAILBOX）。`,
  'app.imapUrlScheme': () => `imap:// または imaps:// で始めてください。`,
  'app.imapUrlUser': () => `ユーザー名が必要です。`,
  'app.smtpUrlInvalid': () => `smtp:// または smtps:// のURLとして正しくありません（smtp[s]://[user:password@]host[:port]）。`,
  'app.smtpUrlPort': () => `ポート番号は1〜65535で指定してください。`,
  'app.noFolder': ({folder}: {folder: string}) => `${folder} にフォルダがありません。`,
  'app.dkimAllThree': ({given}: {given: string}) => `${given} と一緒に指定してください（DKIM署名には3つすべてが必要です）。`,
  'app.noFile': ({file}: {file: string}) => `${file} にファイルがありません。`,
  'app.postgresUrlInvalid': () => `postgres:// のURLとして正しくありません。`,
  'app.wholeNumberRange': ({min, max}: {min: number; max: number}) => `${min}から${max}までの整数で指定してください。`,
  'app.limitForm': () => `整数で指定してください（0はすべて）。`,
  'app.invalidFilter': () => `絞り込みの指定が正しくありません。`,
  'app.queueFlagsReviewer': ({flags}: {flags: string}) => `${flags} を使えるのは審査担当者の一覧だけです。`,
  'app.notWithMine': () => `--mine と一緒には指定できません。`,
  'app.newPasswordRefused': () => `新しいパスワードは設定できません。`,
  'app.passwordMin': ({min}: {min: number}) => `${min}文字以上で入力してください。`,
  'app.passwordNotId': () => `事業所コードや審査担当者IDそのものは使えません。`,
  'app.passwordNotCurrent': () => `現在のパスワードとは別のものにしてください。`,
  'app.backupNotSqlite': () => `このストアはバックアップできません。`,
  'app.backupUsePgDump': () => `PostgreSQL（NSS_DB）です。pg_dump でバックアップしてください（docs/operations.md）。`,
  'app.imapUnusable': ({url, reason}: {url: string; reason: string}) => `IMAPメールボックス ${url} を使えません: ${reason}`,
  'app.mailServerUnusable': ({reason}: {reason: string}) => `メールサーバーを使えませんでした: ${reason}`,
  'app.noInbound': ({id}: {id: number}) => `受信メッセージ ${id} はありません。`,
  'app.inboundDone': ({id, outcome}: {id: number; outcome: string}) => `受信メッセージ ${id} は処理済みです（${outcome}）。二度は処理しません。`,
  'app.inboundPurged': ({id, at, days}: {id: number; at: string; days: number}) => `受信メッセージ ${id}（${at} 受信）の本文は NSS_RETENTION_DAYS（${days}日）を過ぎて削除されました。もう処理できません。`,
  'app.inboundBusy': ({id}: {id: number}) => `受信メッセージ ${id} はいまデーモンが処理しています。あとでもう一度確認してください（nss mail inbound）。`,
  'app.inboundStillFails': ({id, reason}: {id: number; reason: string}) => `受信メッセージ ${id} はまだ処理できません: ${reason}`,
  'app.inboundTooLarge': ({id, size, limit}: {id: number; size: number; limit: number}) => `受信メッセージ ${id} は ${size} バイトで、NSS_MAX_MESSAGE_BYTES（${limit}）を超えています。処理するには上限を上げてください。`,
  'app.inboundOtherSource': ({id, source, now}: {id: number; source: string; now: string}) => `受信メッセージ ${id} は ${source} から受信しましたが、このデスクはいま ${now} から受信しています。`,
  'app.inboundGoneFromSource': ({id, source, ref}: {id: number; source: string; ref: string}) => `受信メッセージ ${id} は ${source} の受信元にもうありません（${ref}）。`,
  'app.senderOneAddress': () => `メールアドレスを1つ指定してください（例: desk@example.jp）。`,
  'app.senderDeskDomain': () => `デスク自身のドメインのアドレスは差出人として登録できません。`,
  'app.senderInvalid': ({address}: {address: string}) => `差出人のアドレスが正しくありません: ${address}`,
  'app.sendersFull': ({office, max}: {office: string; max: number}) => `事業所 ${office} の差出人はすでに${max}件登録されています。`,
  'app.sendersAtMost': ({max}: {max: number}) => `差出人は${max}件までです。どれかを削除してください。`,
  'app.notSender': ({address, office}: {address: string; office: string}) => `${address} は事業所 ${office} の返信を許可した差出人ではありません。`,
  'app.noIssuedPasswords': ({receiptNo}: {receiptNo: string}) => `受付番号 ${receiptNo} の申込には払い出されたパスワードがありません。`,
  'app.fileTooLarge': ({name, limit}: {name: string; limit: string}) => `${name} は ${limit} を超えているため読み込みませんでした。`,
  'app.atMostBytes': ({limit, bytes}: {limit: string; bytes: number}) => `${limit}（${bytes} バイト）までです。`,
  'app.receiptNumbersExhausted': ({year, max}: {year: string; max: number}) => `${year}年の受付番号を使い切りました（${max}）。`,
  'app.notReceiptNo': ({given}: {given: string}) => `受付番号ではありません: ${given}`,
  'app.receiptNoForm': () => `2101910C のような8文字で指定してください。`,
  'app.notAttachmentId': ({given}: {given: string}) => `添付ファイルのIDではありません: ${given}`,
  'app.attachmentIdForm': () => `nss status 受付番号 の「添付ファイル」に表示されるID（正の整数）を指定してください。`,
  'app.invalidDraftId': ({given}: {given: string}) => `一時保存のIDが正しくありません: ${given}`,
  'app.draftIdForm': () => `nss draft save が表示したとおり、D と16桁の16進数で指定してください。`,
  'app.draftTooLarge': ({limit, max, bytes}: {limit: string; max: number; bytes: number}) => `${limit}（${max} バイト）までです。この一時保存は ${bytes} バイトです。`,
  'app.idempotencyKeyLength': ({length}: {length: number}) => `8〜128文字で指定してください（${length}文字です）。`,
  'app.idempotencyKeyChars': () => `使える文字は英字 A–Z a–z、数字と . _ : - だけです。`,
  'app.idempotencyKeyInvalid': () => `冪等キーが正しくありません。`,
  'app.idempotencyKeyReused': ({key, at, first, receiptNo}: {key: string; at: string; first: string; receiptNo: string}) => `冪等キー ${key} は ${at} に別の要求（${first}、受付番号 ${receiptNo}）で使われています。新しい要求には新しいキーを使ってください。`,
  'app.idempotencyKeyUsed': () => `別の要求ですでに使われています。`,
  'app.mailRefusedNow': ({kind, id, error}: {kind: string; id: number; error: string}) => `${kind} のメール（ID ${id}）は受け付けられませんでした: ${error}。nss mail outbox で確認してください。`,
  'app.mailNotSentYet': ({kind, id, error}: {kind: string; id: number; error: string}) => `${kind} のメール（ID ${id}）はまだ送信されていません（${error}）。送信待ちのまま再送します。`,
  'app.mailNotSentNow': ({reason, issues}: {reason: string; issues: string}) => `メールはいま送信できませんでした（${reason}）。送信待ちのまま、nss mail deliver で送信します。${issues}`,
  'app.homeNotFolder': ({home}: {home: string}) => `NSS_HOME ${home} はフォルダではありません。NSS_HOME にはデスク用のフォルダを指定してください（なければ作成します）。`,
  'app.cannotCreateFolder': ({what, folder, reason}: {what: string; folder: string; reason: string}) => `${FOLDERS_JA[what] ?? what} ${folder} を作成できません: ${FOLDER_REASONS_JA[reason] ?? reason}`,
  'app.cannotCreateStore': ({file, reason}: {file: string; reason: string}) => `ストア ${file} を作成できません: ${reason}`,

  // nss health (src/app/health.use-case.ts): each check's reason, one sentence each
  'app.healthStoreOk': ({kind}: {kind: string}) => `接続でき、マイグレーションも済んでいます（${kind}）。`,
  'app.healthNotChecked': () => `ストアを読めないため確認していません。`,
  'app.healthSecretOk': () => `secret.key を開けます。`,
  'app.healthNoCycleYet': () => `まだどのデーモンもサイクルを終えていません（nss daemon）。`,
  'app.healthLastCycle': ({minutes, holder}: {minutes: number; holder: string}) => `最後のサイクルは ${minutes} 分前で、${holder} が実行しました。`,
  'app.healthFailedSteps': ({steps}: {steps: string}) => `次の処理ができませんでした: ${steps}。`,
  'app.healthLeaseExpired': ({name, holder, expiresAt}: {name: string; holder: string; expiresAt: string}) => `${holder} の ${name} リースが ${expiresAt} に切れています（そのデーモンは停止しています）。`,
  'app.healthInboundOk': () => `失敗として保留された受信メールはありません。`,
  'app.healthInboundFailed': ({count}: {count: number}) => `失敗として保留された受信メールが ${count} 通あります（nss mail inbound --failed）。`,
  'app.healthOutbox': ({pending, oldestMinutes, failed, bounced}: {pending: number; oldestMinutes: number | null; failed: number; bounced: number}) =>
    `送信待ち ${pending} 通${oldestMinutes === null ? '' : `（最も古いものは ${oldestMinutes} 分前から）`}、送信失敗 ${failed} 通、不達 ${bounced} 通です。`,
  'app.healthOutboxRecent': ({days, failed, bounced}: {days: number; failed: number; bounced: number}) => `直近 ${days} 日間に送信失敗が ${failed} 通、不達が ${bounced} 通ありました（nss mail outbox --status failed）。`,
  'app.healthDisk': ({free, total, percent, home}: {free: string; total: string; percent: string; home: string}) => `${home} の空きは ${total} のうち ${free}（${percent} %）です。`,

  // JSON syntax (src/app/located-json.ts): `found` is the character as JSON writes it ("x"), null at the end of the text
  'app.jsonUnterminatedString': () => `文字列が閉じられていません（終わりの " がありません）。`,
  'app.jsonControlCharacter': () => `文字列の中に制御文字があります。\\n のようなエスケープで書いてください。`,
  'app.jsonInvalidUnicodeEscape': () => `\\u エスケープが正しくありません（\\u の後には16進数4桁が必要です）。`,
  'app.jsonInvalidEscape': ({escape}: {escape: string}) => `エスケープ \\${escape} は使えません。`,
  'app.jsonNestedTooDeeply': () => `入れ子が深すぎます。`,
  'app.jsonExpectedPropertyName': ({found}: {found: string | null}) => `${unexpectedJa(found)}。ここには二重引用符で囲んだ項目名が必要です。`,
  'app.jsonExpectedColon': ({found}: {found: string | null}) => `${unexpectedJa(found)}。ここには ":" が必要です。`,
  'app.jsonExpectedCommaOrBrace': ({found}: {found: string | null}) => `${unexpectedJa(found)}。ここには "," か "}" が必要です。`,
  'app.jsonExpectedCommaOrBracket': ({found}: {found: string | null}) => `${unexpectedJa(found)}。ここには "," か "]" が必要です。`,
  'app.jsonExpectedValue': ({found}: {found: string | null}) => `${unexpectedJa(found)}。ここには値が必要です。`,
  'app.jsonAfterEnd': ({found}: {found: string}) => `JSON の値が終わった後に ${found} があります。`,
}

/** What the JSON parser met where it expected something else. */
function unexpectedJa(found: string | null): string {
  return found === null ? 'ファイルが途中で終わっています' : `予期しない ${found} があります`
}

/**
 * A reason given to another catalogue's sentence (server.bodyNotJson, cli.notJson): a text of this
 * catalogue said in Japanese, or a string as it is.
 */
export function sayAppJa(reason: string | LocalText): string {
  if (typeof reason === 'string') return reason
  const say = (APP_JA as Record<string, ((params: unknown) => string) | undefined>)[reason.key]
  return say ? say(reason.params ?? {}) : reason.key
}

/**
 * The Japanese catalogue: what src/cli says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/cli.ts is typed by this object.
 */

import type {LocalText} from '../text'
import {sayAppJa} from './app'

/** Where a server URL came from, as the remote client names it: an env var or flag verbatim, or the saved login. */
const urlSourceJa = (name: string): string => (name === 'the saved login' ? '保存されたログインのURL' : name)

export const CLI_JA = {
  // who acts (src/cli/base-command.ts, src/cli/remote/main.ts)
  'cli.officeMissing': () => '実行する事業所を --office CODE または NSS_OFFICE で指定してください。',
  'cli.reviewerMissing': () => '実行する審査担当者を --reviewer ID または NSS_REVIEWER で指定してください。',
  'cli.actorMissing': () => '実行者を --office CODE または --reviewer ID(または NSS_OFFICE / NSS_REVIEWER)で指定してください。',
  'cli.bothActorFlags': () => '--office と --reviewer はどちらか一方だけを指定してください。',
  'cli.oneActorAtATime': () => '実行者は1人だけ指定できます。',
  'cli.bothActorEnv': () =>
    'NSS_OFFICE と NSS_REVIEWER の両方が設定されています。実行者を --office CODE または --reviewer ID で指定してください。',
  'cli.daemonStepsFailed': ({count}: {count: number}) => `${count}件の処理ができませんでした。`,
  'cli.daemonLeaseLost': () => '別のプロセスがデーモンのリースを引き継いだため（このデーモンがリースの期間より長く止まっていたため）、停止しました。',
  'cli.passwdWho': () => 'どのアカウントのパスワードかを指定してください: --office CODE（NSS_OFFICE）または --reviewer ID（NSS_REVIEWER）。',
  'cli.loginNeeds': () => 'nss login にはデスクサーバーとログインする者の指定が必要です。',
  'cli.loginUrl': () => 'デスクサーバーの --url https://HOST:PORT を指定してください（または NSS_URL）。',
  'cli.loginWho': () => '--office CODE か --reviewer ID を指定してください。',
  'cli.notMailId': ({given}: {given: string}) => `メールのIDではありません: ${given}`,
  'cli.mailIdForm': () => '正の整数で指定してください（nss mail outbox で確認できます）。',
  'cli.notInboundId': ({given}: {given: string}) => `受信メッセージのIDではありません: ${given}`,
  'cli.inboundIdForm': () => '正の整数で指定してください（nss mail inbound で確認できます）。',
  'cli.mailServerStopped': ({reason, sent}: {reason: string; sent: number}) =>
    `メールサーバーを使えませんでした: ${reason}（${sent}通送信。残りは送信待ちのまま、あとで再送します）。`,
  'cli.notReadyToServe': () => 'デスクはまだサービスを始められる状態ではありません。',
  'cli.cannotListen': ({address, reason}: {address: string; reason: string}) => `${address} で待ち受けできません: ${reason}`,
  'cli.ambiguousActor': () => '実行者を特定できません。',

  // passwords (src/cli/base-command.ts, src/cli/new-password.ts)
  'cli.noPassword': () => 'パスワードがありません。NSS_PASSWORD を設定するか、端末で実行してください。',
  'cli.noNewPassword': () => '新しいパスワードがありません。NSS_NEW_PASSWORD を設定するか、端末で実行してください。',
  'cli.passwordsDiffer': () => '2回入力したパスワードが一致しません。',
  'cli.newPasswordsDiffer': () => '2回入力した新しいパスワードが一致しません。',
  'cli.issueMissing': () => '指定されていません。',
  'cli.issueNotConfirmed': () => '確認のための入力と一致しません。',

  // flags of the office and reviewer commands (src/cli/verbs.ts)
  'cli.officeCodeEmpty': () => '事業所コードが空です。',
  'cli.officeCodeHint': () => '事業所コードを指定してください(自事業所の場合は省略します)。',
  'cli.passwordsNeedReceipt': () => '--passwords には受付番号を指定してください。',
  'cli.requiredWithPasswords': () => '--passwords を指定する場合は必須です。',
  'cli.passwordsOfficeOnly': () => '発行されたパスワードを参照できるのは、申込をした事業所だけです。',
  'cli.oneReviewAction': () =>
    '--query, --complete, --check, --from-check, --message, --take, --release のいずれか1つを指定してください。',
  'cli.issueOneReviewAction': () => '審査の操作は1つだけ指定できます。',
  'cli.registrationDateWithComplete': () => '--registration-date は --complete と一緒に指定してください。',
  'cli.onlyWithComplete': () => '--complete を指定する場合だけ使えます。',
  'cli.forceWithTakeRelease': () => '--force は --take または --release と一緒に指定してください。',
  'cli.onlyWithTakeRelease': () => '--take または --release を指定する場合だけ使えます。',
  'cli.invalidDayFlag': ({flag, value}: {flag: string; value: string}) => `--${flag} に指定された「${value}」は正しい日付ではありません。`,
  'cli.attachmentOutMissing': () => '添付ファイルの保存先を --out FILE で指定してください。',
  'cli.issueRequired': () => '必須です。',
  'cli.outExists': ({out}: {out: string}) =>
    `${out} はすでに存在します。別の --out を指定するか、上書きする場合は --force を指定してください。`,
  'cli.issueOutExists': () => 'すでに存在します(上書きする場合は --force を指定してください)。',
  'cli.attachmentDamaged': ({id}: {id: number}) =>
    `添付ファイル ${id} が壊れた状態で届きました(サイズまたは SHA-256 が一致しません)。ファイルには何も書き込んでいません。`,
  'cli.cannotWrite': ({out, reason}: {out: string; reason: string}) => `${out} に書き込めません(${reason})。`,
  'cli.issueNotWritable': () => '書き込めません。',

  // input files (src/cli/read-input.ts)
  // reason: the parser's (src/app/located-json.ts), a sentence of its own; a plain string in brackets
  'cli.notJson': ({where, reason}: {where: string; reason: string | LocalText}) =>
    typeof reason === 'string' ? `${where}: JSONとして正しくありません(${reason})。` : `${where}: JSONとして正しくありません。${sayAppJa(reason)}`,
  'cli.noFile': ({file}: {file: string}) => `ファイル ${file} はありません。`,
  'cli.cannotReadFile': ({file}: {file: string}) => `ファイル ${file} を読み込めません。`,

  // a mistyped command (src/cli/command-not-found.ts)
  'cli.unknownCommandNear': ({typed, name}: {typed: string; name: string}) => `コマンド ${typed} はありません。${name} のことですか?`,
  'cli.unknownCommand': ({command}: {command: string}) => `コマンド ${command} はありません。`,
  'cli.issueSeeHelp': () => 'コマンドの一覧は nss --help で確認できます。',

  // what nss did not expect (src/cli/error-output.ts)
  'cli.unexpected': ({reason}: {reason: string}) => `予期しないエラーが発生しました: ${reason}`,

  // the remote client: where it sends (src/cli/remote/endpoint.ts)
  'cli.cannotReadLogin': ({file, reason}: {file: string; reason: string}) => `${file} を読み込めません(${reason})。`,
  'cli.notSavedLogin': ({file, reason}: {file: string; reason: string}) =>
    `${file} は nss login が保存したログイン情報ではありません(${reason})。nss logout で削除できます。`,
  'cli.urlInvalid': ({name, value}: {name: string; value: string}) => `${urlSourceJa(name)}「${value}」はURLではありません。`,
  'cli.issueUrlHint': () => 'デスクサーバーの https://HOST:PORT を指定してください。',
  'cli.urlNotHttps': ({name, origin}: {name: string; origin: string}) =>
    `${urlSourceJa(name)} ${origin} は使えません。https:// で指定してください(http:// はループバックアドレスの場合だけ使えます)。`,
  'cli.issueHttpsOnly': () => 'https:// だけが使えます。',
  'cli.urlCredentials': ({name}: {name: string}) =>
    `${urlSourceJa(name)}に認証情報を含めないでください。APIトークンは NSS_TOKEN で指定してください。`,
  'cli.issueNoUserPassword': () => 'user:password@ は指定できません。',
  'cli.noToken': ({origin}: {origin: string}) =>
    `${origin} のAPIトークンがありません。NSS_TOKEN を設定する(デスクのホストで nss token create)か、nss login --url ${origin} を実行してください。`,
  'cli.tokenMalformed': () => 'APIトークンが正しくありません。APIトークンに使われない空白、改行などの文字が含まれています。',

  // the remote client: the call (src/cli/remote/client.ts)
  'cli.cannotReadCa': ({file, reason}: {file: string; reason: string}) => `NSS_CA_FILE ${file} を読み込めません(${reason})。`,
  'cli.serverBrokeOff': ({origin, reason}: {origin: string; reason: string}) => `デスクサーバー ${origin} の応答が途中で切れました(${reason})。`,
  'cli.serverNotJson': ({origin, status}: {origin: string; status: number}) =>
    `デスクサーバー ${origin} が ${status} で JSON ではない応答を返しました(間にプロキシがありませんか)。`,
  'cli.serverNoDeskError': ({origin, status}: {origin: string; status: number}) =>
    `デスクサーバー ${origin} が ${status} を返しましたが、デスクのエラーが含まれていません。`,
  'cli.serverUntrusted': ({origin, code}: {origin: string; code: string}) =>
    `デスクサーバー ${origin} は信頼できません(${code})。証明書がこのマシンの信頼するCAで署名されていません。NSS_CA_FILE にデスクのCA証明書を指定してください。`,
  'cli.officeShowWho': () => '契約内容を見る事業所を --office CODE または NSS_OFFICE で指定してください（デスクのホストの運用担当者は nss office show CODE）。',
  /** `problems`: one a line, as oclif's parser gives them (src/cli/argv-error.ts). */
  'cli.argvProblems': ({problems}: {problems: string}) => problems.split('\n').map(argvProblemJa).join(''),
  'cli.argvProblem': ({problem}: {problem: string}) => argvProblemJa(problem),
  'cli.serverUnreachable': ({origin, reason}: {origin: string; reason: string}) => `デスクサーバー ${origin} に接続できません(${reason})。`,
}

/** A problem of the command line in oclif's words (src/cli/argv-error.ts), said in Japanese where its form is known. */
function argvProblemJa(problem: string): string {
  const known: [RegExp, (...m: string[]) => string][] = [
    [/^(?:(--\S+): )?Nonexistent flags?: (.+)$/, (_, _flag, names) => `${names} というフラグはありません。`],
    [/^(?:(--\S+): )?Unexpected arguments?: (.+)$/, (_, _flag, values) => `余分な引数があります: ${values}。`],
    [/^(?:(--\S+): )?Missing required flags? (.+)$/, (_, _flag, names) => `必須のフラグがありません: ${names}。`],
    [/^(?:(--\S+): )?Missing \d+ required args?: (.+)$/, (_, _flag, names) => `必須の引数がありません: ${names}。`],
    [/^(?:(--\S+): )?Flag (\S+) expects a value$/, (_, _flag, name) => `フラグ ${name} には値が必要です。`],
    [/^(--\S+): Expected .* to be one of: (.+)$/, (_, flag, values) => `${flag} には次のいずれかを指定してください: ${values}。`],
  ]
  for (const [pattern, say] of known) {
    const match = pattern.exec(problem)
    if (match) return say(...match)
  }
  return `コマンドラインの誤り: ${problem}。`
}

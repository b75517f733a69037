/**
 * The Japanese catalogue: what src/server says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/server.ts is typed by this object.
 */

import type {LocalText} from '../text'
import {sayAppJa} from './app'

export const SERVER_JA = {
  // the token (src/server/app.ts)
  'server.authorizationForm': () => 'Authorization ヘッダーは "Bearer nssd_…"(APIトークン)の形で指定してください。',
  'server.noToken': () =>
    'APIトークンがありません。"Authorization: Bearer nssd_…" を送ってください(nss token create または nss login)。',
  'server.actingAsOther': ({principal, actingAs}: {principal: string; actingAs: string}) =>
    `このトークンは ${actingAs} ではなく ${principal} として実行します。`,
  'server.readOnlyToken': () => 'このAPIトークンは読み取り専用です。変更はできません。',

  // the request (src/server/app.ts)
  // reason: the parser's (src/app/located-json.ts), a sentence of its own; a plain string in brackets
  'server.bodyNotJson': ({where, reason}: {where: string; reason: string | LocalText}) =>
    typeof reason === 'string' ? `${where}: JSONとして正しくありません(${reason})。` : `${where}: JSONとして正しくありません。${sayAppJa(reason)}`,
  'server.bodyTooLarge': ({limit}: {limit: number}) => `リクエストの本文が ${limit} バイトを超えています。`,
  'server.issueTooLarge': () => '大きすぎます。',
  'server.bodyNotJsonType': () => 'リクエストの本文は JSON(Content-Type: application/json)で送ってください。',
  'server.issueJsonOnly': () => 'application/json だけが使えます。',
  'server.bodyInvalidJson': () => 'リクエストの本文が JSON として正しくありません。',
  'server.rateLimited': ({max, seconds}: {max: number; seconds: number}) =>
    `リクエストが多すぎます(1分間に${max}回まで)。${seconds}秒後にもう一度お試しください。`,
  'server.stopping': () => 'デスクサーバーは停止中です。しばらくしてからもう一度お試しください。',
  'server.noRoute': ({method, path}: {method: string; path: string}) => `${method} ${path} というAPIはありません。`,
  'server.unexpected': ({requestId}: {requestId: string}) =>
    `デスクサーバーで予期しないエラーが発生しました(リクエスト ${requestId}: サーバーのログを確認してください)。`,

  // paths, queries and bodies (src/server/routes.ts)
  'server.invalidRequestPart': ({where}: {where: string}) => `リクエストの ${where} が正しくありません。`,
  'server.issueUnknownFields': ({keys}: {keys: string}) => `指定できない項目があります: ${keys}。`,
  'server.issueWholeNumberOrZero': () => '整数で指定してください(0 はすべて)。',
  'server.issueOfficeOrReviewer': () => 'office と reviewer のどちらか一方だけを指定してください。',
  'server.officeCodeEmpty': () => '事業所コードが空です。',
  'server.issueOfficeCode': () => '事業所コードを指定してください。',
  'server.oneIdempotencyKey': () => 'Idempotency-Key ヘッダーは1つだけ指定してください。',
  'server.issueGivenTwice': () => '2回以上指定されています。',

  // nss serve's settings (src/server/settings.ts)
  'server.cannotStart': () => 'nss serve は現在の設定では起動できません。',
  'server.issueCannotReadPem': ({file, reason}: {file: string; reason: string}) => `${file} を読み込めません(${reason})。`,
  'server.issueWholeNumber': ({min, max, fallback}: {min: number; max: number; fallback: number}) =>
    `${min}から${max}までの整数で指定してください(既定値 ${fallback})。`,
  'server.issueListenForm': ({example}: {example: string}) =>
    `HOST:PORT の形で指定してください。例) ${example} または [::1]:8443(ポート 0 は空いている任意のポート)。`,
  'server.issueTlsBoth': () => 'TLS には NSS_TLS_CERT と NSS_TLS_KEY(PEMファイル)の両方が必要です。',
  'server.issuePlainHttpLoopback': ({host}: {host: string}) =>
    `暗号化しない HTTP はループバックアドレスでだけ使えます(前段にリバースプロキシを置く場合)。${host} で待ち受けるには NSS_TLS_CERT と NSS_TLS_KEY を設定してください。`,
}

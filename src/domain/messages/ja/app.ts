/**
 * The Japanese catalogue: what src/app says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/app.ts is typed by this object.
 */

export const APP_JA = {
  'app.noApplication': ({receiptNo}: {receiptNo: string}) => `受付番号 ${receiptNo} の申込はありません。`,
  'app.notOwnApplication': ({receiptNo, office}: {receiptNo: string; office: string}) =>
    `受付番号 ${receiptNo} は事業所 ${office} の申込ではありません。`,
  'app.noOffice': ({office}: {office: string}) => `事業所 ${office} はありません。`,
  'app.loginRefusedOffice': ({id, minutes, threshold}: {id: string; minutes: number; threshold: number}) =>
    `事業所 ${id} を認証できませんでした。IDかパスワードが誤っているか、${threshold}回続けて失敗したため${minutes}分間ロックされています。`,
  'app.loginRefusedReviewer': ({id, minutes, threshold}: {id: string; minutes: number; threshold: number}) =>
    `審査担当者 ${id} を認証できませんでした。IDかパスワードが誤っているか、${threshold}回続けて失敗したため${minutes}分間ロックされています。`,
}

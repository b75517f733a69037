/**
 * The Japanese catalogue: what src/app says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/app.ts is typed by this object.
 */

export const APP_JA = {
  'app.noApplication': ({receiptNo}: {receiptNo: string}) => `受付番号 ${receiptNo} の申込はありません。`,
  'app.notOwnApplication': ({receiptNo, office}: {receiptNo: string; office: string}) =>
    `受付番号 ${receiptNo} は事業所 ${office} の申込ではありません。`,
}

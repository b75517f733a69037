/** The English catalogue: what src/app says to a user; the keys and parameters of the Japanese one. */
import type {APP_JA} from '../ja/app'

export const APP_EN: typeof APP_JA = {
  'app.noApplication': ({receiptNo}) => `no application ${receiptNo}`,
  'app.notOwnApplication': ({receiptNo, office}) => `application ${receiptNo} is not an application of office ${office}`,
  'app.noOffice': ({office}) => `no office ${office}`,
  'app.loginRefusedOffice': ({id, minutes, threshold}) =>
    `authentication failed for office ${id}: wrong ID or password, or the account is locked for ${minutes} minutes after ${threshold} failed logins`,
  'app.loginRefusedReviewer': ({id, minutes, threshold}) =>
    `authentication failed for reviewer ${id}: wrong ID or password, or the account is locked for ${minutes} minutes after ${threshold} failed logins`,
}

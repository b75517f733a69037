/**
 * The Japanese catalogue (STYLE: one catalogue per locale): every sentence nss-desk says in Japanese
 * outside the mail templates (templates/ja/) and the screens' labels, by the layer that says it.
 */
import {APP_JA} from './app'
import {CLI_JA} from './cli'
import {MAIL_JA} from './mail'
import {MASTER_DATA_JA} from './master-data'
import {SERVER_JA} from './server'
import {STORE_JA} from './store'
import {VALIDATION_JA} from './validation'

export const JA = {...VALIDATION_JA, ...APP_JA, ...CLI_JA, ...SERVER_JA, ...MAIL_JA, ...STORE_JA, ...MASTER_DATA_JA}
export {FIELD_LABELS_JA} from './validation'

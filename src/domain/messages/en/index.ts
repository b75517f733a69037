/** The English catalogue (STYLE: one catalogue per locale): the keys and parameters of the Japanese one. */
import type {Catalogue} from '../index'
import {APP_EN} from './app'
import {CLI_EN} from './cli'
import {MAIL_EN} from './mail'
import {MASTER_DATA_EN} from './master-data'
import {SERVER_EN} from './server'
import {STORE_EN} from './store'
import {VALIDATION_EN} from './validation'

export const EN: Catalogue = {...VALIDATION_EN, ...APP_EN, ...CLI_EN, ...SERVER_EN, ...MAIL_EN, ...STORE_EN, ...MASTER_DATA_EN}
export {FIELD_LABELS_EN} from './validation'

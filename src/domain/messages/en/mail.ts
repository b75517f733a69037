/** The English catalogue: what src/mail says to a user; the keys and parameters of the Japanese one. */
import type {MAIL_JA} from '../ja/mail'

export const MAIL_EN: typeof MAIL_JA = {
}

/** The English catalogue: what src/server says to a user; the keys and parameters of the Japanese one. */
import type {SERVER_JA} from '../ja/server'

export const SERVER_EN: typeof SERVER_JA = {
}

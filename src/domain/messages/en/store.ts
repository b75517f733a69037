/** The English catalogue: what src/store says to a user; the keys and parameters of the Japanese one. */
import type {STORE_JA} from '../ja/store'

export const STORE_EN: typeof STORE_JA = {
}

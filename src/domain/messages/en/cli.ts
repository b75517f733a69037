/** The English catalogue: what src/cli says to a user; the keys and parameters of the Japanese one. */
import type {CLI_JA} from '../ja/cli'

export const CLI_EN: typeof CLI_JA = {
}

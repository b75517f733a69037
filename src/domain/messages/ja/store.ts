/**
 * The Japanese catalogue: what src/store says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/store.ts is typed by this object.
 */

export const STORE_JA = {
}

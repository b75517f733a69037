/**
 * The Japanese catalogue: what src/server says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/server.ts is typed by this object.
 */

export const SERVER_JA = {
}

/**
 * The Japanese catalogue: what src/cli says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/cli.ts is typed by this object.
 */

export const CLI_JA = {
}

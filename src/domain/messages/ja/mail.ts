/**
 * The Japanese catalogue: what src/mail says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/mail.ts is typed by this object.
 */

export const MAIL_JA = {
}

/**
 * A plain mail address (`local@domain.tld`) as the desk takes it from an operator: a reviewer's address,
 * NSS_STAFF_EMAIL. A regular expression, not zod: the configuration is read at every command (SPEC §14).
 */
const MAIL_ADDRESS = /^[^\s@<>()[\]",;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/

/** Whether `text` is one bare mail address, at most 254 characters (RFC 5321's path limit). */
export function isMailAddress(text: string): boolean {
  return text.length <= 254 && MAIL_ADDRESS.test(text)
}

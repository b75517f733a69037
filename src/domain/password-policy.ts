/**
 * The login password policy of offices and reviewers (issue 13): one rule for every way a password is
 * set — ops setting it (`nss office passwd`, `nss reviewer add`) and the account changing its own
 * (`nss passwd`, locally or through the desk server). Every problem is named at once (exit 2).
 */
import {text} from './messages/text'
import type {IssueInput} from './errors'

/** The shortest password accepted, in characters (code points, so that 8 kana count as 8). */
export const PASSWORD_MIN_LENGTH = 8
/** The longest: a password is hashed with scrypt, and a megabyte of one is no password. */
export const PASSWORD_MAX_LENGTH = 256

const comparable = (value: string) => value.normalize('NFKC').trim().toLowerCase()

/**
 * The problems of a new password of the account `accountId` (an office code or a reviewer ID), at path
 * `path`: too short or too long, the account's own code or ID (in any case or width), or — when the
 * account changes its own password — the current one again. Empty when it is acceptable.
 */
export function passwordPolicyIssues(password: string, account: {accountId: string; currentPassword?: string}, path = 'password'): IssueInput[] {
  const issues: IssueInput[] = []
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) issues.push({path, message: text('app.passwordMin', {min: PASSWORD_MIN_LENGTH})})
  if (length > PASSWORD_MAX_LENGTH) issues.push({path, message: text('app.atMostCharacters', {max: PASSWORD_MAX_LENGTH})})
  if (comparable(password) === comparable(account.accountId)) issues.push({path, message: text('app.passwordNotId')})
  if (account.currentPassword !== undefined && password === account.currentPassword) issues.push({path, message: text('app.passwordNotCurrent')})
  return issues
}

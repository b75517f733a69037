import {AuthError, InvalidInputError} from '../domain/errors'
import {readerLocale} from '../domain/locale-setting'
import {text} from '../domain/messages/text'
import {SCREEN_LABELS} from './labels'

/** A new login password: NSS_PASSWORD, or asked twice on the terminal (never a flag: SPEC §2). */
export async function readNewPassword(kind: 'office' | 'reviewer', id: string): Promise<string> {
  if (process.env.NSS_PASSWORD !== undefined) return process.env.NSS_PASSWORD
  if (!process.stdin.isTTY) {
    throw new InvalidInputError(text('cli.noPassword'), [{path: 'password', message: text('cli.issueMissing')}])
  }
  const {promptHidden} = await import('./prompt')
  const labels = SCREEN_LABELS[readerLocale()]
  const first = await promptHidden(labels.newPasswordPrompt(kind, id))
  const second = await promptHidden(labels.againPrompt)
  if (first !== second) throw new InvalidInputError(text('cli.passwordsDiffer'), [{path: 'password', message: text('cli.issueNotConfirmed')}])
  return first
}

/**
 * What nss passwd reads (issue 13): the current password from NSS_PASSWORD or a prompt, the new one
 * from NSS_NEW_PASSWORD or asked twice (the two must match). The policy is the desk's to check
 * (src/domain/password-policy.ts), in the use case, so that it is the same locally and remotely.
 */
export async function readPasswordChange(): Promise<{currentPassword: string; newPassword: string}> {
  const labels = SCREEN_LABELS[readerLocale()]
  const fromTerminal = async (question: string) => {
    const {promptHidden} = await import('./prompt')
    return promptHidden(question)
  }
  let currentPassword = process.env.NSS_PASSWORD
  if (currentPassword === undefined) {
    if (!process.stdin.isTTY) throw new AuthError(text('cli.noPassword'))
    currentPassword = await fromTerminal(labels.currentPasswordPrompt)
  }
  let newPassword = process.env.NSS_NEW_PASSWORD
  if (newPassword === undefined) {
    if (!process.stdin.isTTY) {
      throw new InvalidInputError(text('cli.noNewPassword'), [{path: 'newPassword', message: text('cli.issueMissing')}])
    }
    newPassword = await fromTerminal(labels.newPasswordOnlyPrompt)
    if (await fromTerminal(labels.againPrompt) !== newPassword) {
      throw new InvalidInputError(text('cli.newPasswordsDiffer'), [{path: 'newPassword', message: text('cli.issueNotConfirmed')}])
    }
  }
  return {currentPassword, newPassword}
}

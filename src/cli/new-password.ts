import {AuthError, InvalidInputError} from '../domain/errors'

/** A new login password: NSS_PASSWORD, or asked twice on the terminal (never a flag: SPEC §2). */
export async function readNewPassword(whose: string): Promise<string> {
  if (process.env.NSS_PASSWORD !== undefined) return process.env.NSS_PASSWORD
  if (!process.stdin.isTTY) {
    throw new InvalidInputError('no password: set NSS_PASSWORD or run on a terminal', [{path: 'password', message: 'missing'}])
  }
  const {promptHidden} = await import('./prompt')
  const first = await promptHidden(`new password for ${whose}: `)
  const second = await promptHidden('again: ')
  if (first !== second) throw new InvalidInputError('the two passwords differ', [{path: 'password', message: 'not confirmed'}])
  return first
}

/**
 * What nss passwd reads (issue 13): the current password from NSS_PASSWORD or a prompt, the new one
 * from NSS_NEW_PASSWORD or asked twice (the two must match). The policy is the desk's to check
 * (src/domain/password-policy.ts), in the use case, so that it is the same locally and remotely.
 */
export async function readPasswordChange(): Promise<{currentPassword: string; newPassword: string}> {
  const fromTerminal = async (question: string) => {
    const {promptHidden} = await import('./prompt')
    return promptHidden(question)
  }
  let currentPassword = process.env.NSS_PASSWORD
  if (currentPassword === undefined) {
    if (!process.stdin.isTTY) throw new AuthError('no password: set NSS_PASSWORD or run on a terminal')
    currentPassword = await fromTerminal('current password: ')
  }
  let newPassword = process.env.NSS_NEW_PASSWORD
  if (newPassword === undefined) {
    if (!process.stdin.isTTY) {
      throw new InvalidInputError('no new password: set NSS_NEW_PASSWORD or run on a terminal', [{path: 'newPassword', message: 'missing'}])
    }
    newPassword = await fromTerminal('new password: ')
    if (await fromTerminal('again: ') !== newPassword) {
      throw new InvalidInputError('the two new passwords differ', [{path: 'newPassword', message: 'not confirmed'}])
    }
  }
  return {currentPassword, newPassword}
}

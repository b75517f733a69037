import {InvalidInputError} from '../domain/errors'

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

/**
 * Whether a command line goes to a desk server (issue 12): what bin/run.js asks before it loads
 * anything else, so this file needs Node's own modules only. A call goes remote when it is an office or
 * reviewer command, does not ask for help, and NSS_URL is set or `nss login` saved a login; otherwise
 * such a call runs locally without oclif (isDirectCall).
 */
import fs = require('node:fs')
import os = require('node:os')
import path = require('node:path')

/**
 * The commands that act as an office or a reviewer: the ones the remote mode carries to the server.
 * oclif's ids: a command of a topic is `topic:command` (`nss office show` is `office:show`).
 */
export const REMOTE_COMMANDS = ['apply', 'amend', 'withdraw', 'status', 'review', 'passwd', 'office:show',
  'office:senders:list', 'office:senders:add', 'office:senders:remove',
  'draft:save', 'draft:list', 'draft:show', 'draft:submit', 'draft:delete', 'attachment'] as const
export type RemoteCommand = typeof REMOTE_COMMANDS[number]

/** The remote command a command line names, and the words after it; undefined for any other command. */
export function remoteCommandOf(argv: string[]): {command: RemoteCommand; rest: string[]} | undefined {
  // The longest id first: `office senders add` before `office senders`.
  for (let words = Math.min(argv.length, 3); words >= 1; words--) {
    const id = argv.slice(0, words).join(':')
    if ((REMOTE_COMMANDS as readonly string[]).includes(id)) return {command: id as RemoteCommand, rest: argv.slice(words)}
  }
  return undefined
}

/** $XDG_CONFIG_HOME/nss-desk/credentials.json (~/.config when XDG_CONFIG_HOME is not set). */
export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config')
  return path.join(base, 'nss-desk', 'credentials.json')
}

/** NSS_URL is set, or a login is saved. One stat at most. */
export function isRemoteMode(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NSS_URL !== undefined && env.NSS_URL.trim() !== '') return true
  return fs.existsSync(credentialsFile(env))
}

/** Whether bin/run.js hands this command line (without node and the script) to the remote mode. */
export function isRemoteCall(argv: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return isVerbCall(argv) && isRemoteMode(env)
}

/**
 * The commands whose local form is their command class's own, not only the verb: `nss passwd` (a new
 * password asked twice) and `nss office show` (ops on the desk's host see any office without a login).
 */
const OCLIF_ONLY_LOCALLY: readonly RemoteCommand[] = ['passwd', 'office:show']

/**
 * Whether bin/run.js runs this command line in local mode without oclif (src/cli/direct.ts, issue 16):
 * the same commands but OCLIF_ONLY_LOCALLY. Call it when isRemoteCall said no.
 */
export function isDirectCall(argv: string[]): boolean {
  const named = remoteCommandOf(argv)
  return isVerbCall(argv) && !OCLIF_ONLY_LOCALLY.includes(named!.command)
}

/** An office or reviewer command that does not ask for help (oclif shows the help). */
function isVerbCall(argv: string[]): boolean {
  const named = remoteCommandOf(argv)
  return named !== undefined && !named.rest.some(arg => arg === '--help' || arg === '-h')
}

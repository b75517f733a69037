/**
 * oclif's `command_not_found` hook (package.json oclif.hooks): a mistyped command is refused as nss
 * refuses any command line — `nss: …` on stderr, or `{"error": …}` with --json, exit 2 — with the
 * nearest command as a suggestion (`nss stauts` → "did you mean status?"). oclif 4 alone says
 * ` ›   Error: command stauts not found`. It is exported by the CLI's bundle, which is loaded already,
 * and reads the command ids from oclif's manifest: a mistyped command loads nothing more.
 */
import type {Hook} from '@oclif/core'
import {InvalidInputError} from '../domain/errors'
import {text} from '../domain/messages/text'
import {readerLocale} from '../domain/locale-setting'
import {reportError} from './error-output'

export const commandNotFound: Hook.CommandNotFound = async function ({argv = [], config, id}) {
  // oclif joins the words of a topic with what follows (`office shw NACCS01` → `office:shw:NACCS01`) and
  // stops at a first word it does not know (`offce show` → `offce`): the command may be any first words.
  const words = [...id.split(':'), ...(argv[0] && !argv[0].startsWith('-') ? [argv[0]] : [])]
  const known = [...config.commandIDs, ...config.topics.map(topic => topic.name)].map(name => name.replaceAll(':', ' '))
  const nearest = nearestCommand(words.map((_, count) => words.slice(0, count + 1).join(' ')), known)
  const message = nearest ? text('cli.unknownCommandNear', {typed: nearest.typed, name: nearest.name}) : text('cli.unknownCommand', {command: id.replaceAll(':', ' ')})
  const error = new InvalidInputError(message, [{path: 'argv', message: text('cli.issueSeeHelp')}])
  process.exitCode = reportError(error, '', argv.includes('--json'), readerLocale())
}

/** The known command closest to one of the texts typed (shortest first), when it is close enough to be what was meant. */
export function nearestCommand(typed: string[], known: string[]): {typed: string; name: string} | undefined {
  let best: {typed: string; name: string; distance: number} | undefined
  for (const text of typed) {
    for (const name of known) {
      const distance = editDistance(text.toLowerCase(), name)
      // One or two edits, fewer than half the word (`stat` is not `status`'s typo, `stauts` is); none is a
      // topic's own name (`office`). The longer of two texts as near wins: `offce show` → office show.
      const isNear = distance >= 1 && distance <= 2 && distance * 2 < text.length
      if (isNear && (!best || distance <= best.distance)) best = {typed: text, name, distance}
    }
  }
  return best && {typed: best.typed, name: best.name}
}

/** Edits (insert, delete, substitute, swap two neighbours) from one text to the other: optimal string alignment. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  }
  return rows[a.length][b.length]
}

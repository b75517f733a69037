/**
 * oclif's `command_not_found` hook (package.json oclif.hooks): a mistyped command is refused as nss
 * refuses any command line — `nss: …` on stderr, or `{"error": …}` with --json, exit 2 — with the
 * nearest command as a suggestion (`nss stauts` → "did you mean status?"). oclif 4 alone says
 * ` ›   Error: command stauts not found`. It is exported by the CLI's bundle, which is loaded already,
 * and reads the command ids from oclif's manifest: a mistyped command loads nothing more.
 */
import type {Hook} from '@oclif/core'
import {InvalidInputError} from '../domain/errors'
import {reportError} from './error-output'

export const commandNotFound: Hook.CommandNotFound = async function ({argv = [], config, id}) {
  const typed = id.replaceAll(':', ' ')
  const known = [...config.commandIDs, ...config.topics.map(topic => topic.name)].map(name => name.replaceAll(':', ' '))
  // `nss offce show`: oclif stops at the first word it does not know; the next one may belong to the command.
  const next = argv[0] && !argv[0].startsWith('-') ? `${typed} ${argv[0]}` : undefined
  const suggestion = nearestCommand([typed, ...(next ? [next] : [])], known)
  const message = suggestion ? `unknown command ${typed}: did you mean ${suggestion}?` : `unknown command ${typed}`
  const error = new InvalidInputError(message, [{path: 'argv', message: 'nss --help lists the commands'}])
  process.exitCode = reportError(error, message, argv.includes('--json'))
}

/** The known command closest to what was typed, when it is close enough to be what was meant. */
export function nearestCommand(typed: string[], known: string[]): string | undefined {
  let best: {name: string; distance: number} | undefined
  for (const text of typed) {
    for (const name of known) {
      const distance = editDistance(text.toLowerCase(), name)
      // At most two edits, and fewer than half the word: `stat` is not `status`'s typo, `stauts` is.
      if (distance <= 2 && distance * 2 < text.length && (!best || distance < best.distance)) best = {name, distance}
    }
  }
  return best?.name
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

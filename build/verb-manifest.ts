/**
 * `npm run build`, after `oclif manifest`: dist/verb-manifest.json, the flags and arguments of the office's
 * and reviewer's commands (REMOTE_COMMANDS) as oclif.manifest.json describes them, and only what the
 * argv parser of the remote and direct modes reads (src/cli/remote/argv.ts). Every such call reads it:
 * 4 kB where oclif's whole manifest, with every description and every ops command, is 70 kB to read and
 * parse on each call (issue 12 point 4).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import {REMOTE_COMMANDS} from '../src/cli/remote/mode'
import {VERB_MANIFEST, type ManifestCommand} from '../src/cli/remote/argv'

const ROOT = path.resolve(__dirname, '..', '..')

type OclifCommand = {
  args: Record<string, {name: string; required?: boolean; description?: string}>
  flags: Record<string, {name: string; char?: string; type: 'boolean' | 'option'; required?: boolean; env?: string}>
}

const oclif = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, OclifCommand>}
const commands: Record<string, ManifestCommand> = {}
for (const id of REMOTE_COMMANDS) {
  const command = oclif.commands[id]
  if (!command) throw new Error(`oclif.manifest.json has no command ${id}`)
  commands[id] = {
    args: Object.fromEntries(Object.entries(command.args).map(([name, arg]) => [name, {name: arg.name, required: arg.required, description: arg.description}])),
    flags: Object.fromEntries(Object.entries(command.flags).map(([name, flag]) => [name, {name: flag.name, char: flag.char, type: flag.type, required: flag.required, env: flag.env}])),
  }
}
fs.writeFileSync(path.join(ROOT, VERB_MANIFEST), `${JSON.stringify({commands})}\n`)

/**
 * The remote CLI's argv parser (issue 12): the flags and arguments of a command as oclif.manifest.json
 * describes them — the manifest oclif itself reads in local mode, generated from the command classes at
 * build, of which build/verb-manifest.ts keeps what is read here — so both modes take the same command
 * lines without oclif's own parser (and its start-up) here.
 * `--flag value`, `--flag=value`, `-f value`, `-fvalue`, `--` ending the flags, a flag's environment
 * variable (NSS_IDEMPOTENCY_KEY); the errors read like oclif's and are exit 2.
 */
import fs = require('node:fs')
import path = require('node:path')
import {argvError} from '../argv-error'
import type {ParsedCommand} from '../verbs'

export interface ManifestFlag {
  name: string
  char?: string
  type: 'boolean' | 'option'
  required?: boolean
  env?: string
}

export interface ManifestCommand {
  args: Record<string, {name: string; required?: boolean; description?: string}>
  flags: Record<string, ManifestFlag>
}

/** Flags whose values are whole numbers (oclif's Flags.integer: the manifest says only `option`). */
const INTEGER_FLAGS: Record<string, {min: number}> = {limit: {min: 0}}

/** The office's and reviewer's commands out of oclif.manifest.json, made at build (build/verb-manifest.ts), relative to the package root. */
export const VERB_MANIFEST = path.join('dist', 'verb-manifest.json')

export function readManifestCommand(id: string, root: string): ManifestCommand {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, VERB_MANIFEST), 'utf8')) as {commands: Record<string, ManifestCommand>}
  const command = manifest.commands[id]
  if (!command) throw new Error(`no command ${id} in ${VERB_MANIFEST}`)
  return command
}

/** The error of oclif's own parser for the same mistake, in its words (argvError takes them as it takes oclif's). */
function fail(oclifText: string): never {
  throw argvError(oclifText)
}

export function parseArgv(command: ManifestCommand, argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCommand & {json: boolean} {
  const flags: ParsedCommand['flags'] = {}
  const positional: string[] = []
  const byChar = new Map(Object.values(command.flags).filter(f => f.char).map(f => [f.char as string, f]))
  const take = (flag: ManifestFlag, inline: string | undefined, i: number): number => {
    if (flag.type === 'boolean') {
      if (inline !== undefined) fail(`Unexpected value for boolean flag --${flag.name}`)
      flags[flag.name] = true
      return i
    }
    let value = inline
    if (value === undefined) {
      if (i + 1 >= argv.length || (argv[i + 1].startsWith('-') && argv[i + 1] !== '-' && argv[i + 1].length > 1 && !/^-\d/.test(argv[i + 1]))) {
        fail(`Flag --${flag.name} expects a value`)
      }
      value = argv[++i]
    }
    flags[flag.name] = value
    return i
  }
  let onlyArgs = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (onlyArgs || arg === '-' || !arg.startsWith('-')) {
      positional.push(arg)
    } else if (arg === '--') {
      onlyArgs = true
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      const name = arg.slice(2, eq === -1 ? undefined : eq)
      const flag = command.flags[name]
      if (!flag) fail(`Nonexistent flag: --${name}`)
      i = take(flag, eq === -1 ? undefined : arg.slice(eq + 1), i)
    } else {
      const flag = byChar.get(arg[1])
      if (!flag) fail(`Nonexistent flag: ${arg.slice(0, 2)}`)
      i = take(flag, arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined, i)
    }
  }
  for (const flag of Object.values(command.flags)) {
    if (flags[flag.name] === undefined && flag.env && env[flag.env] !== undefined) flags[flag.name] = env[flag.env]
    if (flags[flag.name] === undefined && flag.required) fail(`The following error occurred:\n  Missing required flag ${flag.name}`)
    const integer = INTEGER_FLAGS[flag.name]
    if (integer && typeof flags[flag.name] === 'string') {
      const text = flags[flag.name] as string
      if (!/^-?\d+$/.test(text)) fail(`Parsing --${flag.name} \n\tExpected an integer but received: ${text}`)
      if (Number(text) < integer.min) fail(`Parsing --${flag.name} \n\tExpected an integer greater than or equal to ${integer.min} but received: ${text}`)
      flags[flag.name] = Number(text)
    }
  }
  const names = Object.keys(command.args)
  if (positional.length > names.length) fail(`Unexpected argument: ${positional[names.length]}`)
  const args: ParsedCommand['args'] = {}
  names.forEach((name, index) => { args[name] = positional[index] })
  const missing = names.filter(name => command.args[name].required && args[name] === undefined)
  if (missing.length > 0) fail(`Missing ${missing.length} required arg${missing.length > 1 ? 's' : ''}:\n${missing.map(name => `${name}  ${command.args[name].description ?? ''}`.trimEnd()).join('\n')}`)
  const json = flags.json === true
  delete flags.json
  return {args, flags, json}
}

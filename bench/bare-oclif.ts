/**
 * The floor of an oclif CLI: a bare oclif 4 CLI with one empty command, generated in a temporary
 * folder with the same @oclif/core (node_modules linked) and its own manifest, as nss has one.
 */
import {execFileSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {ROOT} from './section'

const PACKAGE = {
  name: 'bare-oclif',
  version: '1.0.0',
  private: true,
  files: ['bin', 'commands', 'oclif.manifest.json'],
  oclif: {bin: 'bare', dirname: 'bare', commands: './commands'},
}

const COMMAND = `const {Command} = require('@oclif/core')

class Empty extends Command {
  async run() {}
}
Empty.summary = 'Does nothing'
module.exports = Empty
`

const ENTRY = `#!/usr/bin/env node
require('@oclif/core').execute({dir: __dirname}).catch(require('@oclif/core').handle)
`

/** Writes the CLI into `dir` and returns its bin/run.js. */
export function createBareOclifCli(dir: string): string {
  fs.mkdirSync(path.join(dir, 'commands'), {recursive: true})
  fs.mkdirSync(path.join(dir, 'bin'), {recursive: true})
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(PACKAGE, null, 2))
  fs.writeFileSync(path.join(dir, 'commands', 'empty.js'), COMMAND)
  fs.writeFileSync(path.join(dir, 'bin', 'run.js'), ENTRY)
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  // The oclif developer CLI (a devDependency) writes the manifest, as `npm run build` does for nss.
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {
    cwd: dir, stdio: 'ignore', env: {...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true'},
  })
  if (!fs.existsSync(path.join(dir, 'oclif.manifest.json'))) throw new Error('oclif manifest failed for the bare CLI')
  return path.join(dir, 'bin', 'run.js')
}

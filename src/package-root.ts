/**
 * The folder of the installed package (package.json, templates/, examples/). Found by walking up from
 * the running module rather than by a fixed number of `..`: the same code runs from its own file under
 * dist/src/… (tests, the bench) and from the CLI's bundle dist/nss.js (docs/performance.md).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

let root: string | null = null

/** The nearest folder above this module that holds package.json (dist/ holds none). */
export function packageRoot(): string {
  if (root) return root
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (root = dir)
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`)
  }
}

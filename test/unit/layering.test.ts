/**
 * The layering of STYLE and docs/design.md (issue 15): imports run downward only. The domain imports no
 * other layer of the desk; the store and the mail path never import the use cases (src/app), the CLI or
 * the server; the app never imports the CLI or the server. Read from the sources' import statements.
 */
import {expect} from 'chai'
import * as fs from 'node:fs'
import * as path from 'node:path'

const SRC = path.resolve(__dirname, '..', '..', '..', 'src')

/** Every import / require / import() specifier of the TypeScript files under `dir`, with the file. */
function importsUnder(dir: string): {file: string; target: string}[] {
  const found: {file: string; target: string}[] = []
  for (const entry of fs.readdirSync(path.join(SRC, dir), {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = path.join(entry.parentPath ?? (entry as unknown as {path: string}).path, entry.name)
    const text = fs.readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)'(\.[^']+)'/g)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), match[1]))
      found.push({file: path.relative(SRC, file), target})
    }
  }
  return found
}

function upward(dir: string, forbidden: string[]): string[] {
  return importsUnder(dir)
    .filter(({target}) => forbidden.some(layer => target === layer || target.startsWith(`${layer}/`)))
    .map(({file, target}) => `${file} → ${target}`)
}

describe('layering: imports run downward only (issue 15)', () => {
  it('keeps the domain free of every other layer', () => {
    expect(upward('domain', ['app', 'store', 'mail', 'cli', 'server', 'api'])).to.deep.equal([])
  })

  it('keeps the store and the mail path below the use cases', () => {
    expect(upward('store', ['app', 'cli', 'server', 'mail'])).to.deep.equal([])
    expect(upward('mail', ['app', 'cli', 'server', 'store'])).to.deep.equal([])
  })

  it('keeps the use cases below the CLI and the server', () => {
    expect(upward('app', ['cli', 'server'])).to.deep.equal([])
  })

  it('sees the imports it checks (the check itself can fail)', () => {
    expect(importsUnder('app').some(({target}) => target.startsWith('domain/'))).to.equal(true)
    expect(upward('app', ['domain']).length).to.be.above(0)
  })
})

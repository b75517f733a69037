import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {blobName, BUNDLE_BANNER, compileCacheFolder} from '../../../src/cli/compile-cache'

const COMPILE_CACHE = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'compile-cache.js')

/**
 * The V8 code cache of bin/run.js (src/cli/compile-cache.ts) must change nothing but the time a module
 * takes to load: each test runs a fresh Node process that installs it, then requires modules from a
 * temporary folder, and compares what they do with and without cached bytecode.
 */
describe('compile cache (src/cli/compile-cache.ts)', () => {
  let dir: string
  let cache: string

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-compile-cache-'))
    cache = path.join(dir, 'cache')
    fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.twice = n => n * 2\n')
    fs.writeFileSync(path.join(dir, 'main.js'), [
      "const {twice} = require('./helper')",
      'module.exports = {',
      '  value: twice(21), file: __filename, dir: __dirname, self: this === module.exports,',
      "  resolved: require.resolve('./helper'), paths: Array.isArray(require.resolve.paths('x')), cache: typeof require.cache,",
      '}',
      '',
    ].join('\n'))
    fs.writeFileSync(path.join(dir, 'dynamic.js'), "exports.load = () => import('node:path').then(m => typeof m.join)\n")
  })
  afterEach(() => fs.rmSync(dir, {recursive: true, force: true}))

  /** Runs `script` as a new Node process's main module (as bin/run.js is) after installing the cache; returns its stdout. */
  function run(script: string): string {
    const runner = path.join(dir, 'runner.js')
    fs.writeFileSync(runner, `const on = require(${JSON.stringify(COMPILE_CACHE)}).installCompileCache(${JSON.stringify(cache)})\n${script}\n`)
    const result = spawnSync(process.execPath, [runner, 'status', '--json'], {cwd: dir, encoding: 'utf8'})
    if (result.status !== 0) throw new Error(result.stderr)
    return result.stdout
  }

  it('gives a module the same exports, require, __filename, __dirname and this, cached or not', () => {
    const script = `console.log(on, JSON.stringify(require(process.cwd() + '/main.js')))`
    const first = run(script)
    expect(fs.readdirSync(cache)).to.deep.equal([blobName(['status'])])
    const second = run(script)
    expect(second).to.equal(first)
    expect(JSON.parse(first.slice(first.indexOf('{')))).to.deep.equal({
      value: 42, file: path.join(dir, 'main.js'), dir, self: true, resolved: path.join(dir, 'helper.js'), paths: true, cache: 'object',
    })
    expect(first.startsWith('true')).to.equal(true)
  })

  it('writes the blob only when a module had no cached bytecode', () => {
    const script = `require(process.cwd() + '/main.js')`
    run(script)
    const blob = path.join(cache, blobName(['status']))
    const longAgo = new Date('2020-01-01T00:00:00Z')
    fs.utimesSync(blob, longAgo, longAgo)
    run(script)
    expect(fs.statSync(blob).mtimeMs).to.equal(longAgo.getTime())
    fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.twice = n => n + n\n')
    run(script)
    expect(fs.statSync(blob).mtimeMs).to.be.greaterThan(longAgo.getTime())
  })

  it('compiles an edited module afresh, even when its length is unchanged', () => {
    const script = `console.log(require(process.cwd() + '/helper.js').twice(1))`
    expect(run(script).trim()).to.equal('2')
    fs.writeFileSync(path.join(dir, 'helper.js'), 'exports.twice = n => n * 3\n')
    expect(run(script).trim()).to.equal('3')
  })

  it('compiles afresh a module replaced by one of the same length and the same modification time, as an unpacked package is', () => {
    const helper = path.join(dir, 'helper.js')
    const packed = new Date('1985-10-26T08:15:00Z')
    const script = `console.log(require(process.cwd() + '/helper.js').twice(1))`
    fs.utimesSync(helper, packed, packed)
    expect(run(script).trim()).to.equal('2')
    // Another version unpacked in place: a new file, renamed over the old one, its mtime set as npm sets it.
    fs.writeFileSync(`${helper}.new`, 'exports.twice = n => n * 4\n')
    fs.utimesSync(`${helper}.new`, packed, packed)
    fs.renameSync(`${helper}.new`, helper)
    expect(run(script).trim()).to.equal('4')
    // And one written over in place, its mtime set back: the change time still moves.
    fs.writeFileSync(helper, 'exports.twice = n => n * 5\n')
    fs.utimesSync(helper, packed, packed)
    expect(run(script).trim()).to.equal('5')
  })

  it("leaves a module that calls import() to Node's own loader, so import() still works", () => {
    const script = `require(process.cwd() + '/dynamic.js').load().then(t => console.log(t))`
    expect(run(script).trim()).to.equal('function')
    expect(run(script).trim()).to.equal('function')
  })

  it("caches the CLI's bundle, whose only import( is text in its messages (BUNDLE_BANNER)", () => {
    fs.writeFileSync(path.join(dir, 'bundle.js'), `${BUNDLE_BANNER}\nexports.message = () => 'import() failed to load x'\n`)
    const script = `console.log(require(process.cwd() + '/bundle.js').message())`
    expect(run(script).trim()).to.equal('import() failed to load x')
    const index = fs.readFileSync(path.join(cache, blobName(['status']))).toString('latin1')
    expect(index).to.contain(path.join(dir, 'bundle.js'))
  })

  it('keeps one blob per command word, and is off with NSS_COMPILE_CACHE=off', () => {
    expect(blobName(['status', 'X'])).to.match(/-status\.blob$/)
    expect(blobName(['--version'])).to.match(/-other\.blob$/)
    expect(blobName([])).to.match(/-other\.blob$/)
    expect(compileCacheFolder({NSS_COMPILE_CACHE: 'off'})).to.equal(null)
    expect(compileCacheFolder({NSS_COMPILE_CACHE: '/tmp/x'})).to.equal('/tmp/x')
    expect(compileCacheFolder({XDG_CACHE_HOME: '/tmp/c'})).to.equal('/tmp/c/nss-desk')
  })
})

/**
 * A V8 code cache for the CommonJS modules the CLI loads (SPEC §14: start-up is paid by every
 * shell-script call). Compiling JavaScript was the largest share of a `nss status` call after the
 * module count was cut (docs/performance.md); with the bytecode V8 produced on an earlier run, each
 * module is deserialised instead. Node 22 has this built in (`module.enableCompileCache()`); Node 20,
 * which nss supports, has not, so this does what the `v8-compile-cache` package does, in one file.
 *
 * - One blob per Node version, architecture and command word (`status`, `apply`, …), in
 *   `NSS_COMPILE_CACHE` (a folder; `off` disables it), by default `$XDG_CACHE_HOME/nss-desk` or
 *   `~/.cache/nss-desk`, a folder only its user can write. Per command, because reading the blob is
 *   paid on every run: `status` should not read the TypeORM bytecode that `apply` needs.
 * - Each entry is keyed by file name and the file's identity as git's index keeps it — inode, size,
 *   modification and change times, in nanoseconds — so an edited file is compiled afresh (V8's own check
 *   compares only the source length). The change time is the kernel's: an unpacked package whose
 *   modification times were all set to one date (npm does that) still differs from the file it
 *   replaced. One stat, where a SHA-1 of the source cost a `nss status` call 1–6 ms (the bundles are
 *   0.3–2 MB). V8 rejects data from another V8 or other flags.
 * - Data is taken at exit, after the run has compiled the functions it called, and written only when
 *   some module had none: a steady run reads one file and writes nothing. A failure to read or write
 *   the cache only costs the compile time it would have saved.
 * - Modules it must not touch go to Node's own loader: ES modules, and sources that call `import()`
 *   (a script compiled here has no dynamic-import host; the CLI's bundle has none, BUNDLE_BANNER), or
 *   anything that does not compile here.
 */
import fs = require('node:fs')
import Module = require('node:module')
import os = require('node:os')
import path = require('node:path')
import vm = require('node:vm')

interface Entry {
  /** fileIdentity() of the source the data was made from. */
  identity: string
  data: Buffer
}

/** The blob: a 4-byte little-endian length, a JSON index [file, identity, bytes][], then the data. */
function readBlob(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  let blob: Buffer
  try {
    blob = fs.readFileSync(file)
  } catch {
    return entries
  }
  try {
    const indexLength = blob.readUInt32LE(0)
    const index = JSON.parse(blob.subarray(4, 4 + indexLength).toString('utf8')) as [string, string, number][]
    let offset = 4 + indexLength
    for (const [name, identity, length] of index) {
      if (offset + length > blob.length) break
      entries.set(name, {identity, data: blob.subarray(offset, offset + length)})
      offset += length
    }
  } catch {
    entries.clear()
  }
  return entries
}

function writeBlob(file: string, entries: Map<string, Entry>): void {
  const index = [...entries].map(([name, entry]) => [name, entry.identity, entry.data.length])
  const indexBytes = Buffer.from(JSON.stringify(index), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32LE(indexBytes.length)
  // Another nss process may write at the same time: each writes its own temporary file and renames it,
  // so the blob is always one whole version (the last).
  const temporary = `${file}.${process.pid}.tmp`
  try {
    fs.writeFileSync(temporary, Buffer.concat([length, indexBytes, ...[...entries.values()].map(e => e.data)]), {mode: 0o600})
    fs.renameSync(temporary, file)
  } finally {
    fs.rmSync(temporary, {force: true})
  }
}

/** Where the cache lives, or null when it is switched off or there is no place for it. */
export function compileCacheFolder(env: NodeJS.ProcessEnv = process.env): string | null {
  const setting = env.NSS_COMPILE_CACHE
  if (setting === 'off' || setting === '0') return null
  if (setting) return path.resolve(setting)
  const base = env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '')
  return base ? path.join(base, 'nss-desk') : null
}

/** The blob's name for this run: the command word when there is one (`nss status …`), else `other`. */
export function blobName(argv: string[] = process.argv.slice(2)): string {
  const word = /^[a-z][a-z0-9-]{0,30}$/.test(argv[0] ?? '') ? argv[0] : 'other'
  return `v8-${process.version}-${process.arch}-${word}.blob`
}

/**
 * Which version of a file `content` was read from: inode, size, modification and change times (ns), and
 * the source's length, which V8 checks too. Undefined when the file cannot be stat'ed (it is then not cached).
 */
function fileIdentity(filename: string, content: string): string | undefined {
  try {
    const stat = fs.statSync(filename, {bigint: true})
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${content.length}`
  } catch {
    return undefined
  }
}

/** Debuggers and policies hook the loader themselves: leave it alone under them. */
function isLoaderInstrumented(): boolean {
  return process.execArgv.some(arg => /^--(inspect|debug|experimental-policy|experimental-loader|loader|import)/.test(arg))
}

/** A call of `import()` anywhere in a source (a comment or a string too: those just stay uncached). */
const DYNAMIC_IMPORT = /\bimport\s*\(/

/**
 * The first line of the CLI's bundle (dist/nss.js, build/bundle.ts), which esbuild builds with every
 * `import()` compiled to `require()`: the text `import(` still appears in it (in oclif's messages), but
 * no call, so it is cached all the same.
 */
export const BUNDLE_BANNER = '// nss-desk CLI bundle (build/bundle.ts): import() compiled to require()'

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown
type ModuleInternals = typeof Module & {
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: {paths?: string[]}): string
  _resolveLookupPaths(request: string, parent: Module): string[] | null
  _extensions: NodeJS.RequireExtensions
  _cache: NodeJS.Require['cache']
  wrap(source: string): string
}

/** The `require` a module's code receives, as Node builds it (lib/internal/modules/helpers.js). */
function makeRequire(mod: Module): NodeJS.Require {
  const internals = Module as ModuleInternals
  const require = ((id: string) => mod.require(id)) as NodeJS.Require
  const resolve = ((request: string, options?: {paths?: string[]}) =>
    internals._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve
  resolve.paths = (request: string) => internals._resolveLookupPaths(request, mod)
  require.resolve = resolve
  require.main = process.mainModule
  require.extensions = internals._extensions
  require.cache = internals._cache
  return require
}

/**
 * Installs the cache for the rest of the process. Call it first thing in bin/run.js, before the
 * modules it should cover are required. Returns whether it is on.
 */
export function installCompileCache(folder: string | null = compileCacheFolder()): boolean {
  if (!folder || isLoaderInstrumented()) return false
  const file = path.join(folder, blobName())
  const entries = readBlob(file)
  const produced = new Map<string, {identity: string; script: vm.Script}>()
  const prototype = Module.prototype as Module & {_compile: Compile}
  const original = prototype._compile
  const internals = Module as ModuleInternals

  const compile: Compile = function (this: Module, content, filename, format) {
    if ((format !== undefined && format !== 'commonjs') || (DYNAMIC_IMPORT.test(content) && !content.startsWith(BUNDLE_BANNER))) {
      return original.call(this, content, filename, format)
    }
    const identity = fileIdentity(filename, content)
    const cached = entries.get(filename)
    let script: vm.Script
    try {
      // A shebang is allowed only at the very start of a script: inside the wrapper it becomes a comment.
      script = new vm.Script(internals.wrap(content.startsWith('#!') ? `//${content}` : content), {
        filename, cachedData: identity !== undefined && cached?.identity === identity ? cached.data : undefined,
      })
    } catch {
      return original.call(this, content, filename, format)
    }
    if (identity !== undefined && (cached?.identity !== identity || script.cachedDataRejected)) produced.set(filename, {identity, script})
    const wrapper = script.runInThisContext({displayErrors: true}) as
      (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => unknown
    return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename))
  }
  prototype._compile = compile

  process.once('exit', () => {
    if (produced.size === 0) return
    try {
      for (const [name, {identity, script}] of produced) entries.set(name, {identity, data: script.createCachedData()})
      // Files gone since (an upgrade, a rebuild that renamed them) leave the blob; the rest stay for other commands.
      for (const name of entries.keys()) if (!produced.has(name) && !fs.existsSync(name)) entries.delete(name)
      fs.mkdirSync(folder, {recursive: true, mode: 0o700})
      writeBlob(file, entries)
    } catch {
      // A read-only or full disk: the next run compiles again, nothing worse.
    }
  })
  return true
}

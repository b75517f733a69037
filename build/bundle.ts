/**
 * `npm run build`, after tsc: bundles the CLI (dist/src/cli/main.js, tsc's output, so TypeORM's
 * decorator metadata is already there) into one CommonJS file, dist/nss.js, which bin/run.js loads and
 * oclif reads the commands from (package.json `oclif.commands`, the explicit strategy).
 *
 * Inside the bundle: @oclif/core with its own dependencies, and every module of the desk. Outside it,
 * required at run time from node_modules as before: every package the desk's own code imports
 * (TypeORM, better-sqlite3, zod, the mail libraries …), which it loads only where used, and the
 * TypeScript compilers oclif looks for in development. `import()` is turned into `require()` (nothing
 * here is an ES module), so the bundle holds no dynamic import and the CLI's code cache covers it
 * (src/cli/compile-cache.ts).
 */
import * as path from 'node:path'
import {build, Plugin} from 'esbuild'
import {BUNDLE_BANNER} from '../src/cli/compile-cache'

const ROOT = path.resolve(__dirname, '..', '..')

/** Bare imports of the desk's own code stay packages; those of @oclif/core and its dependencies are bundled. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({filter: /^[^./]/}, args => {
      if (args.path === 'typescript' || args.path === 'ts-node' || args.path.startsWith('ts-node/')) return {path: args.path, external: true}
      if (args.path === '@oclif/core' || args.path.startsWith('@oclif/core/')) return undefined
      if (args.importer.split(path.sep).includes('node_modules')) return undefined
      return {path: args.path, external: true}
    })
  },
}

const common = {
  bundle: true,
  platform: 'node' as const,
  format: 'cjs' as const,
  target: 'node20',
  // A dynamic import would keep the code cache off the whole file (src/cli/compile-cache.ts).
  supported: {'dynamic-import': false},
  banner: {js: BUNDLE_BANNER},
  plugins: [externalPackages],
  sourcemap: true,
  // Class and function names stay: oclif and the error catalogue show them.
  keepNames: true,
  logLevel: 'warning' as const,
}

Promise.all([
  build({...common, entryPoints: [path.join(ROOT, 'dist', 'src', 'cli', 'main.js')], outfile: path.join(ROOT, 'dist', 'nss.js')}),
  // The remote mode's own bundle (issue 12): the remote commands, the HTTP client and the screens; no
  // oclif (a test checks that no store, TypeORM, SQLite or mail module is reached from it). Made for its
  // start-up (issue 12 point 4): without comments and indentation, a sixth less to read and no character
  // outside ASCII left in a comment, which made V8 hold the whole source as two-byte text (the source map
  // still maps it); and without keepNames, whose 1,156 calls at load renamed every function for nothing
  // here — no oclif reads a class name, and esbuild renames a symbol only where two modules' collide.
  build({
    ...common, entryPoints: [path.join(ROOT, 'dist', 'src', 'cli', 'remote', 'main.js')], outfile: path.join(ROOT, 'dist', 'remote.js'),
    minifyWhitespace: true, keepNames: false,
  }),
  // The office's and reviewer's commands in local mode without oclif (issue 16): the same argv parser
  // and screens, the use cases and the store's modules (the packages stay outside, loaded where used).
  build({...common, entryPoints: [path.join(ROOT, 'dist', 'src', 'cli', 'direct.js')], outfile: path.join(ROOT, 'dist', 'direct.js')}),
]).catch(() => {
  // esbuild has printed the errors.
  process.exitCode = 1
})

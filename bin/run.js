#!/usr/bin/env node
// oclif entry point: the CLI is one bundle, dist/nss.js (build/bundle.ts), whose COMMANDS oclif reads
// (package.json oclif.commands); the manifest is generated at build.

// The daemon keeps its heap near its live set (src/cli/lean-heap.ts; issue 6 part 5), set before
// anything is loaded, while V8's young generation still has its first size.
if (process.argv[2] === 'daemon') require('../dist/src/cli/lean-heap').keepHeapLean()

// Start-up is paid by every shell-script call (SPEC §14; README, Performance):
// - a V8 code cache for the modules loaded from here on (src/cli/compile-cache.ts); it only saves
//   time, so nss runs without it whenever it cannot be installed;
// - no engine check of @oclif/core's own: it loads `semver` to compare the Node version with oclif's
//   `engines`, which npm has already checked, more strictly, with nss-desk's own.
try {
  require('../dist/src/cli/compile-cache').installCompileCache()
} catch {}
// The remote mode (issue 12): with NSS_URL or a saved `nss login`, the office and reviewer commands
// go to the desk server through a bundle of their own, dist/remote.js, without oclif, a store or mail.
// The same commands in local mode run without oclif too, through dist/direct.js (src/cli/direct.ts):
// oclif's start-up was most of a `nss status` call (issue 16); `--help` and every other command are oclif's.
const argv = process.argv.slice(2)
const mode = require('../dist/src/cli/remote/mode')
if (mode.isRemoteCall(argv)) {
  require('../dist/remote').runRemote(argv, require('node:path').join(__dirname, '..'))
} else if (mode.isDirectCall(argv)) {
  require('../dist/direct').runDirect(argv, require('node:path').join(__dirname, '..'))
} else {
  process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true'
  require('../dist/nss').runCli(__dirname)
}

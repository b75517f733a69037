#!/usr/bin/env node
// oclif entry point: the compiled commands live in dist/commands, found through oclif.manifest.json.

// Start-up is paid by every shell-script call (SPEC §14; README, Performance):
// - a V8 code cache for the modules loaded from here on (src/cli/compile-cache.ts); it only saves
//   time, so nss runs without it whenever it cannot be installed;
// - no engine check of @oclif/core's own: it loads `semver` (47 modules) to compare the Node version
//   with oclif's `engines`, which npm has already checked, more strictly, with nss-desk's own.
try {
  require('../dist/src/cli/compile-cache').installCompileCache()
} catch {}
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true'
require('@oclif/core').execute({dir: __dirname}).catch(require('@oclif/core').handle)

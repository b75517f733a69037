#!/usr/bin/env node
// oclif entry point: the compiled commands live in dist/commands, found through oclif.manifest.json.
require('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core').handle)

/**
 * Preloaded into a CLI process (`node --require`) by tests that check what a command loads: at exit it
 * writes the paths of every module the process loaded to the file NSS_MODULE_TRACE names.
 */
import * as fs from 'node:fs'

process.on('exit', () => {
  if (process.env.NSS_MODULE_TRACE) fs.writeFileSync(process.env.NSS_MODULE_TRACE, JSON.stringify(Object.keys(require.cache)))
})

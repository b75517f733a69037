// Loaded by mocha first of all (.mocharc.json): this test process and every process it starts (the CLI,
// servers, daemons) make their temporary folders in a folder of its own, removed when it exits, so a
// run leaves nothing under /tmp (issue 15). NSS_KEEP_TEST_TMP=1 keeps it, to look at after a failure.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nss-run-'))
// Searchable by the mail stack's own users (Dovecot and Postfix drop root): each folder in it is 0700 on its own.
fs.chmodSync(root, 0o755)
process.env.TMPDIR = root
if (!process.env.NSS_KEEP_TEST_TMP) {
  process.on('exit', () => {
    try {
      fs.rmSync(root, {recursive: true, force: true})
    } catch {}
  })
}

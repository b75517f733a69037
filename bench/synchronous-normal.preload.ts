/**
 * Bench only (issue 11 point 15), loaded with `node --require` into the `nss apply` processes of the
 * apply-throughput section's "before" rounds: the desk's SQLite write connection asks for
 * `synchronous = FULL` (src/store/sqlite-connection.ts); this makes it NORMAL, the setting before
 * issue 11, so that the cost of FULL is measured in the same run on the same build. Nothing in the desk
 * reads it: the product has no switch that weakens a commit.
 */
const Database = require('better-sqlite3') as {prototype: {pragma: (source: string, options?: unknown) => unknown}}
const pragma = Database.prototype.pragma
Database.prototype.pragma = function (this: unknown, source: string, options?: unknown) {
  return pragma.call(this, /^\s*synchronous\s*=\s*FULL\s*$/i.test(source) ? 'synchronous = NORMAL' : source, options)
}

/** The English catalogue: what src/store says to a user; the keys and parameters of the Japanese one. */
import type {POSTGRES_PROBLEMS_JA, SQLITE_PROBLEMS_JA, STORE_JA} from '../ja/store'

const POSTGRES_PROBLEMS_EN: typeof POSTGRES_PROBLEMS_JA = {
  refused: 'nothing answers at that address (is the server running?)',
  unknownHost: 'the host name is unknown',
  hostNotResolvedNow: 'the host name cannot be resolved now',
  timedOut: 'the connection timed out',
  reset: 'the server closed the connection',
  hostUnreachable: 'the host cannot be reached',
  passwordRefused: 'the password was refused',
  userRefused: 'the server refused this user (pg_hba.conf)',
  noDatabase: 'the database does not exist (create it, then run `nss init`)',
  tableMissing: 'a table of the store is missing: run `nss init`',
  tooManyConnections: 'the server has too many connections',
  diskFull: 'the disk holding the database is full',
  shuttingDown: 'the server is shutting down',
  startingUp: 'the server is starting up or in recovery',
  readOnly: 'the database is read-only (a standby?)',
  connectionFailed: 'the connection failed',
  cannotConnect: 'the connection could not be made',
  connectionGone: 'the connection is gone',
  failedOrTimedOut: 'the connection failed or timed out',
}

const SQLITE_PROBLEMS_EN: typeof SQLITE_PROBLEMS_JA = {
  diskFull: 'the disk holding the store is full',
  readOnly: 'the store is read-only',
  cannotOpen: 'the store cannot be opened (missing, or its folder is read-only or full)',
  damaged: 'the store file is damaged',
  notDatabase: 'the store file is not a database',
  ioError: 'the store cannot be read or written (I/O error)',
  noPermission: 'no permission to use the store',
}

export const STORE_EN: typeof STORE_JA = {
  'store.noStore': ({file}) => `no store at ${file}: run \`nss init\` first`,
  'store.needsMigrating': () => 'the store needs migrating: run `nss init`',
  'store.cannotOpen': ({reason}) => `the store cannot be opened: ${reason}`,
  'store.cannotOpenAt': ({url, reason}) => `the store ${url} cannot be opened: ${reason}`,
  'store.postgresUnusable': ({url, problem, code}) => `the store ${url} cannot be used: ${POSTGRES_PROBLEMS_EN[problem]}${code ? ` (${code})` : ''}`,
  'store.sqliteUnusable': ({problem, code}) => `${SQLITE_PROBLEMS_EN[problem]} (${code})`,
  'store.locked': ({code}) => `the store stayed locked by another process (${code})`,
  'store.changedMeanwhile': ({receiptNo}) => `application ${receiptNo} was changed by someone else; look at it again`,

  'store.cannotCopy': () => 'the store cannot be copied',
  'store.issueNotSqliteFile': () => 'must be a SQLite store file, not a PostgreSQL URL',
  'store.issueNoStoreFile': ({file}) => `no store file at ${file}`,
  'store.issueNotDeskStore': ({file}) => `${file} is not a desk store (no migrations table)`,
  'store.issueNeedsMigrating': ({file}) => `${file} needs migrating first: run \`nss init\` with NSS_DB=${file}`,
  'store.issueUnreadable': ({file, reason}) => `${file} cannot be read as a SQLite store: ${reason}`,
  'store.issueNotPostgresUrl': () => 'must be a PostgreSQL URL: postgres://user:password@host[:port]/database',
  'store.issueNoDatabase': ({url}) => `names no database: ${url}`,
  'store.targetUnusable': ({url, reason}) => `${url} cannot be used: ${reason}`,
  'store.issueTargetNotEmpty': ({table, count}) => `the target is not empty: ${table} has ${count} row${count === 1 ? '' : 's'}`,
  'store.copyMismatch': ({table, sourceRows, sourceChecksum, targetRows, targetChecksum}) =>
    `the copy of ${table} does not verify: source ${sourceRows} rows (${sourceChecksum}…), target ${targetRows} rows (${targetChecksum}…); nothing was copied`,
  'store.columnsDiffer': ({table, source, target}) =>
    `the table ${table} differs between the stores: source (${source}), target (${target || 'missing'})`,

  'store.cannotBackUp': () => 'the store cannot be backed up',
  'store.issueBackupExists': ({file}) => `${file} exists: a backup never replaces a file`,
  'store.issueIsStoreItself': () => 'is the store itself',
  'store.issueNoFolder': ({folder}) => `no folder ${folder}`,
  'store.backupFailed': ({file, reason}) => `the backup of ${file} failed: ${reason}`,
  'store.backupIntegrity': ({result}) => `the backup does not verify: integrity_check says ${result}`,
  'store.backupTables': ({tables, wanted}) => `the backup does not verify: tables (${tables}) instead of (${wanted})`,
  'store.backupRows': ({table, copyRows, copyChecksum, storeRows, storeChecksum}) =>
    `the backup does not verify: ${table} has ${copyRows} rows (${copyChecksum}…), the store had ${storeRows} (${storeChecksum}…)`,
}

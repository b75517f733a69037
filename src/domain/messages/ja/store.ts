/**
 * The Japanese catalogue: what src/store says to a user (errors, one-line results). A key's parameters
 * are declared here, once; src/domain/messages/en/store.ts is typed by this object.
 */

/** Why a PostgreSQL store cannot be used (src/store/store.ts names each driver code by one of these). */
export const POSTGRES_PROBLEMS_JA = {
  refused: '指定されたアドレスで応答がありません(サーバーは起動していますか)',
  unknownHost: 'ホスト名が見つかりません',
  hostNotResolvedNow: '現在ホスト名を解決できません',
  timedOut: '接続がタイムアウトしました',
  reset: 'サーバーが接続を切りました',
  hostUnreachable: 'ホストに到達できません',
  passwordRefused: 'パスワードが拒否されました',
  userRefused: 'サーバーがこのユーザーを拒否しました(pg_hba.conf)',
  noDatabase: 'データベースが存在しません(作成してから `nss init` を実行してください)',
  tableMissing: 'ストアのテーブルがありません。`nss init` を実行してください',
  tooManyConnections: 'サーバーの接続数が上限に達しています',
  diskFull: 'データベースのディスクがいっぱいです',
  shuttingDown: 'サーバーが停止処理中です',
  startingUp: 'サーバーが起動中またはリカバリ中です',
  readOnly: 'データベースが読み取り専用です(スタンバイですか)',
  connectionFailed: '接続に失敗しました',
  cannotConnect: '接続できませんでした',
  connectionGone: '接続が失われました',
  failedOrTimedOut: '接続に失敗したか、タイムアウトしました',
}
export type PostgresProblem = keyof typeof POSTGRES_PROBLEMS_JA

/** Why a SQLite store cannot be used (src/store/store.ts names each SQLITE_* code by one of these). */
export const SQLITE_PROBLEMS_JA = {
  diskFull: 'ストアのディスクがいっぱいです',
  readOnly: 'ストアが読み取り専用です',
  cannotOpen: 'ストアを開けません(存在しないか、フォルダーが読み取り専用かいっぱいです)',
  damaged: 'ストアのファイルが壊れています',
  notDatabase: 'ストアのファイルがデータベースではありません',
  ioError: 'ストアを読み書きできません(I/Oエラー)',
  noPermission: 'ストアを使う権限がありません',
}
export type SqliteProblem = keyof typeof SQLITE_PROBLEMS_JA

export const STORE_JA = {
  // opening and using the store (src/store/store.ts, read-models*.ts, repositories.ts)
  'store.noStore': ({file}: {file: string}) => `${file} にストアがありません。先に \`nss init\` を実行してください。`,
  'store.needsMigrating': () => 'ストアのマイグレーションが必要です。`nss init` を実行してください。',
  'store.cannotOpen': ({reason}: {reason: string}) => `ストアを開けません: ${reason}`,
  'store.cannotOpenAt': ({url, reason}: {url: string; reason: string}) => `ストア ${url} を開けません: ${reason}`,
  'store.postgresUnusable': ({url, problem, code}: {url: string; problem: PostgresProblem; code: string}) =>
    `ストア ${url} を使えません。${POSTGRES_PROBLEMS_JA[problem]}${code ? `(${code})` : ''}。`,
  'store.sqliteUnusable': ({problem, code}: {problem: SqliteProblem; code: string}) => `${SQLITE_PROBLEMS_JA[problem]}(${code})。`,
  'store.locked': ({code}: {code: string}) => `ストアが他のプロセスにロックされたままです(${code})。`,
  'store.changedMeanwhile': ({receiptNo}: {receiptNo: string}) =>
    `受付番号 ${receiptNo} の申込は他の人が変更しました。もう一度内容を確認してください。`,

  // nss store copy (src/store/copy.ts)
  'store.cannotCopy': () => 'ストアをコピーできません。',
  'store.issueNotSqliteFile': () => 'PostgreSQL のURLではなく、SQLite のストアファイルを指定してください。',
  'store.issueNoStoreFile': ({file}: {file: string}) => `${file} にストアファイルがありません。`,
  'store.issueNotDeskStore': ({file}: {file: string}) => `${file} はデスクのストアではありません(migrations テーブルがありません)。`,
  'store.issueNeedsMigrating': ({file}: {file: string}) =>
    `${file} は先にマイグレーションが必要です。NSS_DB=${file} で \`nss init\` を実行してください。`,
  'store.issueUnreadable': ({file, reason}: {file: string; reason: string}) => `${file} を SQLite のストアとして読み込めません(${reason})。`,
  'store.issueNotPostgresUrl': () => 'PostgreSQL のURL(postgres://user:password@host[:port]/database)を指定してください。',
  'store.issueNoDatabase': ({url}: {url: string}) => `${url} にはデータベース名がありません。`,
  'store.targetUnusable': ({url, reason}: {url: string; reason: string}) => `${url} を使えません: ${reason}`,
  'store.issueTargetNotEmpty': ({table, count}: {table: string; count: number}) =>
    `コピー先が空ではありません。${table} に ${count} 行あります。`,
  'store.copyMismatch': ({table, sourceRows, sourceChecksum, targetRows, targetChecksum}:
  {table: string; sourceRows: number; sourceChecksum: string; targetRows: number; targetChecksum: string}) =>
    `${table} のコピーを検証できません。コピー元 ${sourceRows} 行(${sourceChecksum}…)、コピー先 ${targetRows} 行(${targetChecksum}…)。何もコピーしていません。`,
  'store.columnsDiffer': ({table, source, target}: {table: string; source: string; target: string}) =>
    `テーブル ${table} の列がストアの間で異なります。コピー元(${source})、コピー先(${target || 'なし'})。`,

  // nss store backup (src/store/backup.ts)
  'store.cannotBackUp': () => 'ストアをバックアップできません。',
  'store.issueBackupExists': ({file}: {file: string}) => `${file} はすでに存在します。バックアップはファイルを上書きしません。`,
  'store.issueIsStoreItself': () => 'ストアそのものです。',
  'store.issueNoFolder': ({folder}: {folder: string}) => `フォルダー ${folder} はありません。`,
  'store.backupFailed': ({file, reason}: {file: string; reason: string}) => `${file} のバックアップに失敗しました: ${reason}`,
  'store.backupIntegrity': ({result}: {result: string}) => `バックアップを検証できません。integrity_check の結果: ${result}`,
  'store.backupTables': ({tables, wanted}: {tables: string; wanted: string}) =>
    `バックアップを検証できません。テーブルが (${wanted}) ではなく (${tables}) です。`,
  'store.backupRows': ({table, copyRows, copyChecksum, storeRows, storeChecksum}:
  {table: string; copyRows: number; copyChecksum: string; storeRows: number; storeChecksum: string}) =>
    `バックアップを検証できません。${table} はストアでは ${storeRows} 行(${storeChecksum}…)ですが、バックアップでは ${copyRows} 行(${copyChecksum}…)です。`,
}

/** Where the store lives: the embedded SQLite file, or a PostgreSQL URL (NSS_DB, read by src/app/config.ts). */
export type StoreLocation = {kind: 'sqlite'; path: string} | {kind: 'postgres'; url: string}

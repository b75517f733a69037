// Loaded by mocha before every test file (.mocharc.json). TypeORM entities need decorator metadata.
import 'reflect-metadata'

import {stopAllServers} from './support/server'
import {dropTestDatabases} from './support/store'

/** Root hooks: the desk servers still running are stopped; on a PostgreSQL run, the test desks' databases are dropped. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopAllServers()
    dropTestDatabases()
  },
}

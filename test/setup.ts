// Loaded by mocha before every test file (.mocharc.json). TypeORM entities need decorator metadata.
import 'reflect-metadata'

import {dropTestDatabases} from './support/store'

/** Root hooks: on a PostgreSQL run, the databases of the test desks are dropped at the end. */
export const mochaHooks = {
  afterAll(): void {
    dropTestDatabases()
  },
}

/**
 * The DataSource the TypeORM CLI uses for migrations (SPEC §13), on the store that NSS_HOME / NSS_DB
 * name, with that dialect's migration set, e.g.
 * `npx typeorm migration:generate -d dist/ormconfig.js src/store/migrations/sqlite/Name`, or with
 * `NSS_DB=postgres://…/scratch` (an empty, migrated database) `… src/store/migrations/postgres/Name`.
 * A schema change is one migration in each set.
 */
import {loadConfig} from './src/app/config'
import {createDataSource} from './src/store/data-source'

export default createDataSource(loadConfig().store)

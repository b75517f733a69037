/**
 * The DataSource the TypeORM CLI uses for migrations (SPEC §13), on the store that NSS_HOME / NSS_DB
 * name, e.g. `npx typeorm migration:generate -d dist/ormconfig.js src/store/migrations/sqlite/Name`.
 */
import {loadConfig} from './src/app/config'
import {createDataSource} from './src/store/data-source'

export default createDataSource(loadConfig().store)

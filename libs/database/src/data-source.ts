import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { loadConfig } from '@app/config';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** The one description of the database connection, used by the apps and the migration CLI alike. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    extra: { max: config.DATABASE_POOL_SIZE, application_name: 'shiojiri-salon' },
  };
}

/** For the migration CLI: entities are not needed to run reviewed SQL migrations. */
export function createDataSource(config: AppConfig = loadConfig()): DataSource {
  return new DataSource(dataSourceOptions(config));
}

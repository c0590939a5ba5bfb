export { DatabaseModule } from './database.module';
export { dataSourceOptions, createDataSource } from './data-source';
export { SnakeNamingStrategy } from './snake-naming.strategy';
export { isUniqueViolation, pingDatabase, preparedQuery, updateReturning } from './sql';

export * from './entities';
export { migrations } from './migrations';
export { dataSourceOptions, runMigrations, openDatabase } from './data-source-options';
export { DatabaseModule } from './database.module';
export { appendAndProject, appendEvents, type LoggedEvent } from './event-log';
export { writeOutbox, type OutboxRow } from './outbox';
export { returnedRows } from './returned-rows';

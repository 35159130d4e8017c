export * from './entities';
export { migrations } from './migrations';
export { dataSourceOptions, runMigrations, openDatabase } from './data-source-options';
export { DatabaseModule } from './database.module';
export { appendAndProject, appendEvents, type LoggedEvent } from './event-log';
export { writeOutbox, type OutboxRow } from './outbox';
export { returnedRows } from './returned-rows';
export { findPage, pageLimit, pageOf, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, type Page, type PageRequest } from './page';

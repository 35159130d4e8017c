/**
 * Standalone data source for the TypeORM CLI (`npm run migration:*`), e.g.
 * `DATABASE_URL=postgres://… npx typeorm migration:show -d dist/libs/database/src/data-source.js`.
 */
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '@lib/config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource(dataSourceOptions(parseDatabaseUrl(process.env)));

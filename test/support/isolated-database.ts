import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@lib/database';
import { testEnv } from '../setup/test-env';

/**
 * A database of the test's own, migrated, in the run's PostgreSQL cluster: for tests that
 * change shared data such as the working-day calendar.
 */
export async function isolatedDatabase(): Promise<{ dataSource: DataSource; drop: () => Promise<void> }> {
  const shared = await openDatabase(testEnv('databaseUrl'));
  const name = `isolated_${randomUUID().replaceAll('-', '')}`;
  await shared.query(`CREATE DATABASE ${name}`);
  const url = new URL(testEnv('databaseUrl'));
  url.pathname = `/${name}`;
  const dataSource = await openDatabase(url.toString());
  return {
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await shared.query(`DROP DATABASE ${name}`);
      await shared.destroy();
    },
  };
}

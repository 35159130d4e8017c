import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort, startEmbeddedPostgres } from '@lib/local-stack';
import { startApi, testConfig } from './support/apps';

describe('GET /health', () => {
  it('is 200 with both parts up', async () => {
    const api = await startApi(testConfig());
    try {
      const response = await request(api.getHttpServer()).get('/health').expect(200);
      expect(response.body).toEqual({ status: 'ok', postgres: 'up', temporal: 'up' });
    } finally {
      await api.close();
    }
  });

  it('is 503 naming Temporal when Temporal is unreachable', async () => {
    const api = await startApi(testConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }));
    try {
      const response = await request(api.getHttpServer()).get('/health').expect(503);
      expect(response.body).toEqual({ status: 'error', postgres: 'up', temporal: 'down', failing: ['temporal'] });
    } finally {
      await api.close();
    }
  });

  it('is 503 naming PostgreSQL when the database goes away', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'health-pg-'));
    const postgres = await startEmbeddedPostgres(
      { dataDir: path.join(root, 'pg'), port: await freePort(), database: 'health', persistent: false },
      () => undefined,
    );
    const api = await startApi(testConfig({ DATABASE_URL: postgres.address }));
    try {
      await request(api.getHttpServer()).get('/health').expect(200);
      await postgres.stop();
      const response = await request(api.getHttpServer()).get('/health').expect(503);
      expect(response.body).toEqual({ status: 'error', postgres: 'down', temporal: 'up', failing: ['postgres'] });
    } finally {
      await api.close().catch(() => undefined);
      await postgres.stop();
    }
  });
});

import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApi } from '../../apps/api/src/create-api';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { parseConfig, type AppConfig } from '@lib/config';
import { testEnv } from '../setup/test-env';

/** Configuration pointing at the run's servers, on a task queue of the test's own. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testEnv('databaseUrl'),
    TEMPORAL_ADDRESS: testEnv('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    LOG_LEVEL: 'warn',
    // Every test signs its people in from one address; the sign-in limits have their own test.
    LOGIN_RATE_LIMIT_PER_IP: '100000',
    EVIDENCE_DIR: path.join(os.tmpdir(), 'supervision-test-evidence'),
    LOGIN_RATE_LIMIT_PER_USER: '1000',
    ...overrides,
  });
}

/** The worker application, exactly as `apps/worker` builds it. */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  return app;
}

/** The API application, listening on an ephemeral port. */
export async function startApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await createApi(config);
  await app.listen(0, '127.0.0.1');
  return app;
}

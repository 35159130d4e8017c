import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@lib/config';
import { ApiModule } from './app.module';

/** Build the HTTP application; shared by `main.ts` and the end-to-end tests. */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger: config.NODE_ENV === 'test' ? ['error', 'warn'] : undefined,
    bodyParser: true,
  });
  app.useBodyParser('json', { limit: '1mb' });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  return app;
}

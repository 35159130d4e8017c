import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { nestLogLevels, type AppConfig } from '@lib/config';
import { ApiModule } from './app.module';
import { setupOpenApi } from './http/openapi';
import { auditTrail, AuditTrailWriter } from './http/audit-trail';
import { answerClientErrors } from './http/client-errors';
import { securityHeaders } from './http/security-headers';

/** Build the HTTP application; shared by `main.ts` and the end-to-end tests. */
export async function createApi(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    logger: nestLogLevels(config.NODE_ENV === 'test' ? 'warn' : config.LOG_LEVEL),
    bodyParser: true,
  });
  app.use(securityHeaders);
  app.use(auditTrail(app.get(AuditTrailWriter)));
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  app.disable('x-powered-by');
  // The client's address (for the audit trail and sign-in limits) is taken from X-Forwarded-For
  // only across this many trusted proxy hops.
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  setupOpenApi(app);
  answerClientErrors(app.getHttpServer());
  app.enableShutdownHooks();
  return app;
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@lib/config';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApi(config);
  await app.listen(config.PORT);
  Logger.log(`API listening on http://localhost:${config.PORT}`, 'Bootstrap');
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Bootstrap');
  process.exit(1);
});

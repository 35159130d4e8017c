export {
  configSchema,
  nestLogLevels,
  parseConfig,
  parseDatabaseUrl,
  ConfigError,
  type AppConfig,
} from './config.schema';
export { ConfigModule, APP_CONFIG } from './config.module';
export { loadConfigOrExit } from './load-config';

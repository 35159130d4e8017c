import { ConfigError, parseConfig, type AppConfig } from './config.schema';

/**
 * Entry points call this first: the process stops before anything starts when the
 * environment is wrong, with one line per bad variable.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

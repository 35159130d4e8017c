export { type StackLog, stderrLog } from './log';
export { freePort, isListening } from './ports';
export { waitUntil, stopChild } from './processes';
export { runCommand } from './run-command';
export {
  defaultCacheDir,
  ensureTemporalCli,
  ensureTemporalTestServer,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
} from './temporal-binaries';
export { startTemporalDevServer, temporalIsServing, type RunningService } from './temporal-dev-server';
export { startEmbeddedPostgres } from './postgres';

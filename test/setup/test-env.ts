/** Variables through which global set-up hands the servers it started to the test files. */
export const TEST_ENV = {
  databaseUrl: 'TEST_DATABASE_URL',
  temporalAddress: 'TEST_TEMPORAL_ADDRESS',
  testServer: 'TEST_TEMPORAL_TEST_SERVER',
  temporalCli: 'TEST_TEMPORAL_CLI',
  cacheDir: 'TEST_STACK_CACHE_DIR',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run the tests through Jest's global set-up`);
  return value;
}

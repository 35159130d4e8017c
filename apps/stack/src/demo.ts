import { DEMO_PASSWORD, formatDemoSummary, loadDemo } from '@lib/demo';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * `npm run demo -- <base URL>`: load the demo campaign into a system that is already running
 * (`npm start`, or any deployment), through its API. The base URL is the argument, else
 * `DEMO_BASE_URL`, else the local default. It signs in as the system and security
 * administrators (`ADMIN_SYSTEM_PASSWORD`, `ADMIN_SECURITY_PASSWORD`, else the demo password)
 * to register the demo's people and open their accounts with `STACK_DEMO_PASSWORD` (else the
 * demo password), then acts as each of them.
 */
async function main(): Promise<void> {
  const baseUrl = process.argv[2] ?? process.env.DEMO_BASE_URL ?? 'http://127.0.0.1:3000';
  const password = process.env.STACK_DEMO_PASSWORD || DEMO_PASSWORD;
  const health = await fetch(`${baseUrl}/health`).catch((error: unknown) => {
    throw new Error(`no API answers at ${baseUrl} (${String(error)}): start it with \`npm start\` first`);
  });
  if (health.status !== 200) throw new Error(`the API at ${baseUrl} is not healthy: ${await health.text()}`);
  const summary = await loadDemo({
    baseUrl,
    log,
    password,
    adminPasswords: {
      system: process.env.ADMIN_SYSTEM_PASSWORD || undefined,
      security: process.env.ADMIN_SECURITY_PASSWORD || undefined,
    },
  });
  const shown = password === DEMO_PASSWORD ? password : '$STACK_DEMO_PASSWORD';
  process.stdout.write(`${formatDemoSummary(summary, baseUrl, shown).join('\n')}\n`);
}

main().catch((error: unknown) => {
  log(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

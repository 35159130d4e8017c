import 'reflect-metadata';
import path from 'node:path';
import { Teardown, type Bench, type BenchLog } from './support/context';

/**
 * `npm run bench -- <name> [--option=value …]`: builds, then runs one benchmark, which prints
 * its figures and writes them to `bench/results/<name>.json`. Benchmarks are not tests: they
 * assert nothing and are never part of `npm test`.
 */
const BENCHES: Record<string, () => Promise<Bench>> = {
  rectification: async () => (await import('./rectification.bench')).rectificationBench,
  campaigns: async () => (await import('./campaigns.bench')).campaignsBench,
};

const log: BenchLog = (line) => process.stderr.write(`[bench] ${line}\n`);

/** bench/results in the sources, from dist/bench at run time. */
const RESULTS_DIR = path.resolve(__dirname, '../../bench/results');

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? BENCHES[name] : undefined;
  if (!load) {
    const list = await Promise.all(
      Object.entries(BENCHES).map(async ([n, b]) => `  ${n.padEnd(16)} ${(await b()).summary}`),
    );
    process.stderr.write(`usage: npm run bench -- <name> [--option=value …]\n${list.join('\n')}\n`);
    return 2;
  }
  const teardown = new Teardown();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping what the bench started…`);
      void teardown.run(log).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  try {
    await (await load()).run({ args, env: process.env, log, teardown, resultsDir: RESULTS_DIR });
    return 0;
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await teardown.run(log);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(String(error));
    process.exit(1);
  },
);

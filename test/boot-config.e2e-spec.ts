import { spawnSync } from 'node:child_process';
import { builtEntry } from './support/dist';

/** A process with a missing or malformed setting stops at once, naming the variable. */
describe('configuration at boot', () => {
  const run = (app: 'api' | 'worker', env: Record<string, string>) =>
    spawnSync(process.execPath, [builtEntry(app)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('the API names a missing DATABASE_URL', () => {
    const result = run('api', { TEMPORAL_ADDRESS: '127.0.0.1:7233' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('DATABASE_URL: is required but not set');
  });

  it('the worker names a malformed PORT and TEMPORAL_ADDRESS together', () => {
    const result = run('worker', {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db',
      TEMPORAL_ADDRESS: 'nowhere',
      PORT: 'eighty',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/^ {2}- PORT: /m);
    expect(result.stderr).toContain('TEMPORAL_ADDRESS: must be host:port');
  });
});

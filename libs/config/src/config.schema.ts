import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '@lib/contracts';

const port = z.coerce.number().int().min(1).max(65535);

/**
 * Every setting the service reads from its environment. Validated once at boot: a missing or
 * malformed value stops the process with a message naming the variable.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the API. */
  PORT: port.default(3000),
  /** PostgreSQL connection string; the local stack sets it to its embedded server. */
  DATABASE_URL: z
    .string()
    .url()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL'),
  /** host:port of the Temporal frontend. */
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** Task queue shared by the worker and the clients that start workflows. */
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  /** Path of a prebuilt workflow bundle; when unset the worker bundles `workflows/` at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse an environment into the typed configuration, or throw naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const present = env[name] !== undefined && env[name] !== '';
    return present ? `${name}: ${issue.message}` : `${name}: is required but not set`;
  });
  throw new ConfigError(problems);
}

/** For tools that need only the database (the migration CLI). */
export function parseDatabaseUrl(env: Record<string, string | undefined>): string {
  const result = configSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL);
  if (result.success) return result.data;
  throw new ConfigError([
    env.DATABASE_URL ? `DATABASE_URL: ${result.error.issues[0]?.message}` : 'DATABASE_URL: is required but not set',
  ]);
}

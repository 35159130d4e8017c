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
  /** Lifetime of an access token; a client refreshes it within the session (seconds). */
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  /** A session with no request for this long ends (seconds). */
  AUTH_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  /** A session ends this long after sign-in whatever its use (seconds). */
  AUTH_SESSION_MAX_SECONDS: z.coerce.number().int().min(300).max(604_800).default(28_800),
  /**
   * Key (32 bytes, base64) sealing TOTP secrets at rest. Required in production; elsewhere a
   * fixed development key is used.
   */
  AUTH_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** Sign-in attempts allowed per client address, and per user name, in one minute. */
  LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_LIMIT_PER_USER: z.coerce.number().int().min(1).default(10),
  /** Hops of reverse proxy whose X-Forwarded-For is trusted for the client's address (0: none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** Where evidence files are kept: a folder on local disk, or an S3-compatible bucket. */
  EVIDENCE_STORE: z.enum(['local', 's3']).default('local'),
  /** Folder of the local evidence store, relative to the working directory unless absolute. */
  EVIDENCE_DIR: z.string().min(1).default('./data/evidence'),
  /** Largest evidence file accepted (bytes); 20 MiB unless set. */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /** Address of the S3-compatible service, e.g. https://s3.example.com or http://minio:9000. */
  EVIDENCE_S3_ENDPOINT: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'must be an http:// or https:// URL')
    .optional(),
  EVIDENCE_S3_BUCKET: z.string().min(1).optional(),
  EVIDENCE_S3_REGION: z.string().min(1).default('us-east-1'),
  EVIDENCE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  EVIDENCE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `endpoint/bucket/key` addresses (true) rather than `bucket.endpoint/key`. */
  EVIDENCE_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(true),
});

/** Rules between settings, checked once each setting is valid on its own. */
const settingsSchema = configSchema.superRefine((config, ctx) => {
  if (config.EVIDENCE_STORE === 's3') {
    const required = [
      'EVIDENCE_S3_ENDPOINT',
      'EVIDENCE_S3_BUCKET',
      'EVIDENCE_S3_ACCESS_KEY_ID',
      'EVIDENCE_S3_SECRET_ACCESS_KEY',
    ] as const;
    for (const name of required) {
      if (!config[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when EVIDENCE_STORE=s3' });
    }
  }
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
  const result = settingsSchema.safeParse(env);
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

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** The Nest log levels `LOG_LEVEL` lets through: it and everything more severe. */
export function nestLogLevels(level: AppConfig['LOG_LEVEL']): (typeof LOG_LEVELS)[number][] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

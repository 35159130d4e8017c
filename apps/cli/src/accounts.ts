import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, parseConfig, parseDatabaseUrl, type AppConfig } from '@lib/config';
import { ADMIN_ROLES, type AdminRole } from '@lib/contracts';
import { openDatabase } from '@lib/database';
import { ValidationError } from '@lib/errors';
import { ADMIN_USERNAMES, ensureAdministrators, IdentityService, passwordProblems } from '@lib/identity';

const USAGE = 'usage: npm run accounts -- bootstrap';

/** Where each administrator's first password comes from. */
const PASSWORD_VARIABLES: Readonly<Record<AdminRole, string>> = {
  system_admin: 'ADMIN_SYSTEM_PASSWORD',
  security_admin: 'ADMIN_SECURITY_PASSWORD',
  audit_admin: 'ADMIN_AUDIT_PASSWORD',
};

/** A refusal worth one line, without a stack trace. */
class Refusal extends Error {}

/** The three passwords from the environment, each present and within the password policy. */
function administratorPasswords(env: NodeJS.ProcessEnv): Record<AdminRole, string> {
  const problems: string[] = [];
  const passwords = {} as Record<AdminRole, string>;
  for (const role of ADMIN_ROLES) {
    const variable = PASSWORD_VARIABLES[role];
    const value = env[variable];
    if (!value) {
      problems.push(`${variable} is not set`);
      continue;
    }
    const weak = passwordProblems(value, ADMIN_USERNAMES[role]);
    if (weak.length > 0) problems.push(`${variable}: ${weak.map((p) => p.message).join(', ')}`);
    passwords[role] = value;
  }
  if (problems.length > 0) throw new Refusal(problems.join('; '));
  return passwords;
}

/**
 * The settings the identity service reads (sign-in limits, token lifetimes, the key sealing
 * second factors), validated as the API validates them. This tool talks to PostgreSQL only, so
 * the Temporal address the services require is not needed and never dialled.
 */
function identityConfig(env: NodeJS.ProcessEnv, databaseUrl: string): AppConfig {
  return parseConfig({ ...env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || '127.0.0.1:7233' });
}

async function bootstrap(env: NodeJS.ProcessEnv): Promise<string> {
  const passwords = administratorPasswords(env);
  const databaseUrl = parseDatabaseUrl(env);
  const config = identityConfig(env, databaseUrl);
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openDatabase(databaseUrl);
    const { created, existing } = await ensureAdministrators(new IdentityService(dataSource, config), passwords);
    if (created.length === 0) return `accounts: ${existing.join(', ')} already exist; nothing created`;
    return `accounts: created ${created.join(', ')}${existing.length > 0 ? `; ${existing.join(', ')} already existed` : ''}`;
  } finally {
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}

/**
 * `npm run accounts -- bootstrap`: open whichever of the three administrator accounts
 * (`sysadmin`, `secadmin`, `auditadmin`) is missing, with the passwords in
 * `ADMIN_SYSTEM_PASSWORD`, `ADMIN_SECURITY_PASSWORD` and `ADMIN_AUDIT_PASSWORD`, against the
 * database in `DATABASE_URL` (migrated first). Existing accounts keep their passwords. One line
 * of output; exit code 0 when the three accounts exist afterwards, 1 otherwise.
 */
async function main(argv: readonly string[]): Promise<string> {
  if (argv.length !== 1 || argv[0] !== 'bootstrap') throw new Refusal(USAGE);
  return bootstrap(process.env);
}

function oneLine(error: unknown): string {
  if (error instanceof ConfigError) return error.problems.join('; ');
  if (error instanceof ValidationError) return error.details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, '; ');
}

main(process.argv.slice(2)).then(
  (line) => {
    process.stdout.write(`${line}\n`);
    process.exitCode = 0;
  },
  (error: unknown) => {
    process.stderr.write(`accounts: ${oneLine(error)}\n`);
    process.exitCode = 1;
  },
);

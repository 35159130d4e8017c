import { ADMIN_ROLES, type AdminRole } from '@lib/contracts';
import { ConflictError, ValidationError, type FieldProblem } from '@lib/errors';
import type { IdentityService } from './identity.service';
import { passwordProblems } from './password-policy';

/**
 * The user names of the three separated administrators (三员分立): the system administrator
 * (units, people, accounts), the security administrator (roles, locks, sessions) and the audit
 * administrator (the audit log).
 */
export const ADMIN_USERNAMES: Readonly<Record<AdminRole, string>> = {
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditadmin',
};

export interface AdministratorsEnsured {
  /** User names of the accounts opened now. */
  created: string[];
  /** User names of the accounts that were there already (their passwords are left as they are). */
  existing: string[];
}

/**
 * Open whichever of the three administrator accounts is missing: `sysadmin`, `secadmin` and
 * `auditadmin`, with one password for all or one per role. An account that exists keeps its
 * password; running this again changes nothing. Every password needed is checked against the
 * policy before any account is opened, so a refusal leaves nothing half done. A user name held
 * by an account that is not that administrator's is a conflict, not something to paper over.
 */
export async function ensureAdministrators(
  identity: IdentityService,
  password: string | Readonly<Record<AdminRole, string>>,
): Promise<AdministratorsEnsured> {
  const passwordOf = (role: AdminRole): string => (typeof password === 'string' ? password : password[role]);
  const missing: AdminRole[] = [];
  const existing: string[] = [];
  for (const role of ADMIN_ROLES) {
    const username = ADMIN_USERNAMES[role];
    const found = await identity.accountByUsername(username);
    if (!found) missing.push(role);
    else if (found.adminRole === role) existing.push(username);
    else throw wrongHolder(username, role);
  }
  const problems: FieldProblem[] = missing.flatMap((role) =>
    passwordProblems(passwordOf(role), ADMIN_USERNAMES[role], role),
  );
  if (problems.length > 0) throw new ValidationError(problems);
  const created: string[] = [];
  for (const role of missing) {
    const username = ADMIN_USERNAMES[role];
    try {
      await identity.createAccount({ username, password: passwordOf(role), adminRole: role });
      created.push(username);
    } catch (error) {
      // Opened meanwhile by another process starting up: fine if it is the same administrator.
      if (!(error instanceof ConflictError)) throw error;
      const now = await identity.accountByUsername(username);
      if (now?.adminRole !== role) throw wrongHolder(username, role);
      existing.push(username);
    }
  }
  return { created, existing };
}

function wrongHolder(username: string, role: AdminRole): ConflictError {
  return new ConflictError(
    'ACCOUNT_EXISTS',
    `the user name ${username} belongs to an account that is not the ${role}`,
    `用户名 ${username} 已被其他账号使用`,
    'username',
  );
}

import type { AdminRole } from '@lib/contracts';
import { ConflictError, ValidationError } from '@lib/errors';
import { ensureAdministrators } from './bootstrap';
import type { AccountView, IdentityService, NewAccount } from './identity.service';

/** The two calls the bootstrap makes, over a list of accounts. */
function fakeIdentity(accounts: Partial<AccountView>[] = []) {
  const created: NewAccount[] = [];
  const identity = {
    accountByUsername: (username: string) =>
      Promise.resolve((accounts.find((a) => a.username === username) as AccountView | undefined) ?? null),
    createAccount: (input: NewAccount) => {
      created.push(input);
      accounts.push({ username: input.username, adminRole: input.adminRole ?? null, personId: null });
      return Promise.resolve(accounts.at(-1) as AccountView);
    },
  };
  return { identity: identity as unknown as IdentityService, created };
}

describe('ensureAdministrators', () => {
  it('opens the three administrators once, each with its role', async () => {
    const { identity, created } = fakeIdentity();
    expect(await ensureAdministrators(identity, 'Local-Password-2024')).toEqual({
      created: ['sysadmin', 'secadmin', 'auditadmin'],
      existing: [],
    });
    expect(created.map((a) => [a.username, a.adminRole])).toEqual([
      ['sysadmin', 'system_admin'],
      ['secadmin', 'security_admin'],
      ['auditadmin', 'audit_admin'],
    ]);
    expect(await ensureAdministrators(identity, 'Local-Password-2024')).toEqual({
      created: [],
      existing: ['sysadmin', 'secadmin', 'auditadmin'],
    });
    expect(created).toHaveLength(3);
  });

  it('takes one password per role, and opens only the missing accounts', async () => {
    const { identity, created } = fakeIdentity([{ username: 'secadmin', adminRole: 'security_admin' }]);
    const passwords: Record<AdminRole, string> = {
      system_admin: 'System-Password-2024',
      security_admin: 'weak',
      audit_admin: 'Audit-Password-2024',
    };
    expect(await ensureAdministrators(identity, passwords)).toEqual({
      created: ['sysadmin', 'auditadmin'],
      existing: ['secadmin'],
    });
    expect(created.map((a) => a.password)).toEqual(['System-Password-2024', 'Audit-Password-2024']);
  });

  it('refuses a weak password before opening any account', async () => {
    const { identity, created } = fakeIdentity();
    const refused = ensureAdministrators(identity, {
      system_admin: 'System-Password-2024',
      security_admin: 'Security-Password-2024',
      audit_admin: 'Short-1',
    });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'audit_admin', code: 'PASSWORD_TOO_SHORT' })],
    });
    expect(created).toHaveLength(0);
  });

  it('refuses a user name held by an account that is not that administrator', async () => {
    const { identity, created } = fakeIdentity([{ username: 'sysadmin', adminRole: null, personId: 'someone' }]);
    await expect(ensureAdministrators(identity, 'Local-Password-2024')).rejects.toBeInstanceOf(ConflictError);
    expect(created).toHaveLength(0);
  });
});

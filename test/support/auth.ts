import { createHash } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { AdminRole } from '@lib/contracts';
import { IdentityService } from '@lib/identity';

/** Every test account's password; it meets the policy. */
export const TEST_PASSWORD = 'Test-Password-2026';

export type AuthHeader = { Authorization: string };

/** A user name for a person id: the id itself when it is a valid user name. */
export function usernameFor(personId: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/.test(personId)
    ? personId
    : `p-${createHash('sha256').update(personId).digest('hex').slice(0, 24)}`;
}

const sessions = new WeakMap<NestExpressApplication, Map<string, Promise<AuthHeader>>>();

async function login(api: NestExpressApplication, username: string): Promise<AuthHeader> {
  const response = await request(api.getHttpServer())
    .post('/auth/login')
    .send({ username, password: TEST_PASSWORD })
    .expect(200);
  return { Authorization: `Bearer ${(response.body as { accessToken: string }).accessToken}` };
}

function cached(api: NestExpressApplication, key: string, open: () => Promise<AuthHeader>): Promise<AuthHeader> {
  let byKey = sessions.get(api);
  if (!byKey) sessions.set(api, (byKey = new Map()));
  let header = byKey.get(key);
  if (!header) {
    header = open();
    byKey.set(key, header);
    header.catch(() => byKey.delete(key));
  }
  return header;
}

async function ensureAccount(api: NestExpressApplication, account: Parameters<IdentityService['createAccount']>[0]) {
  try {
    await api.get(IdentityService).createAccount(account);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ACCOUNT_EXISTS') throw error;
  }
}

/**
 * Sign in as a person, opening their account on first use (as the system administrator
 * would), and answer the header that carries their access token. One session per person per
 * API instance.
 */
export function as(api: NestExpressApplication, personId: string): Promise<AuthHeader> {
  return cached(api, `person:${personId}`, async () => {
    const username = usernameFor(personId);
    await ensureAccount(api, { username, password: TEST_PASSWORD, personId });
    return login(api, username);
  });
}

/** Sign in as an administrator of the given role (one account per role per database). */
export function asAdmin(api: NestExpressApplication, role: AdminRole): Promise<AuthHeader> {
  return cached(api, `admin:${role}`, async () => {
    const username = `test-${role.replace('_', '-')}`;
    await ensureAccount(api, { username, password: TEST_PASSWORD, adminRole: role });
    return login(api, username);
  });
}

/**
 * Sign these people in now and answer a synchronous lookup of their headers, so that request
 * chains stay plain: `http().post(path).set(auth(personId)).send(body).expect(200)`.
 */
export async function signIn(
  api: NestExpressApplication,
  personIds: string[],
): Promise<(personId: string) => AuthHeader> {
  const headers = new Map(await Promise.all(personIds.map(async (id) => [id, await as(api, id)] as const)));
  return (personId: string) => {
    const header = headers.get(personId);
    if (!header) throw new Error(`${personId} was not signed in`);
    return header;
  };
}

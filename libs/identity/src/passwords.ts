import { Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id with the parameters OWASP recommends as a minimum: 19 MiB, two passes, one lane. */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spend the time a real verification takes, so that an unknown user name answers as slowly as
 * a wrong password and cannot be told apart by timing.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('an unused password, only hashed once');
  await verifyPassword(await dummy, password);
  return false;
}

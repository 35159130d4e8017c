import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seals small secrets (TOTP keys) at rest with AES-256-GCM. The stored form is
 * `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('a secret box key is 32 bytes');
    this.key = key;
  }

  /** The box for a configuration: its key, or outside production a fixed development key. */
  static fromConfig(config: { NODE_ENV: string; AUTH_SECRET_KEY?: string | undefined }): SecretBox {
    if (config.AUTH_SECRET_KEY) return new SecretBox(Buffer.from(config.AUTH_SECRET_KEY, 'base64'));
    if (config.NODE_ENV === 'production') throw new Error('AUTH_SECRET_KEY: is required in production');
    return new SecretBox(createHash('sha256').update('supervision-loop development key').digest());
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

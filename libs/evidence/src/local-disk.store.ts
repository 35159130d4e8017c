import { createHash, randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertStorageKey,
  EvidenceStoreError,
  StoredObjectNotFound,
  type EvidenceStore,
  type StoredObjectMeta,
} from './evidence-store';

const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

/**
 * Evidence on the local file system under one root folder, readable by the service's user only.
 * A write goes to a temporary file beside its target and is renamed into place once complete
 * and flushed, so a crash or a failed upload never leaves a partial object under a real key.
 */
export class LocalDiskStore implements EvidenceStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async put(key: string, body: Readable | Buffer, meta: StoredObjectMeta): Promise<void> {
    const target = this.pathOf(key);
    const folder = path.dirname(target);
    await mkdir(folder, { recursive: true, mode: DIRECTORY_MODE });
    const temporary = path.join(folder, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      await pipeline(source, measure, createWriteStream(temporary, { flags: 'wx', mode: FILE_MODE, flush: true }));
      const sha256 = hash.digest('hex');
      if (size !== meta.size || sha256 !== meta.sha256) {
        throw new EvidenceStoreError(
          `content of ${key} does not match its description (${size} bytes, sha256 ${sha256})`,
        );
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      // O_NOFOLLOW: a symbolic link planted in the folder is not followed out of it.
      const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new StoredObjectNotFound(key);
      }
      return handle.createReadStream();
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new StoredObjectNotFound(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isCode(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /** The file of a key, refused unless it lies inside the root. */
  private pathOf(key: string): string {
    assertStorageKey(key);
    const resolved = path.resolve(this.root, ...key.split('/'));
    if (!resolved.startsWith(this.root + path.sep)) {
      throw new EvidenceStoreError(`storage key ${JSON.stringify(key)} leaves the evidence folder`);
    }
    return resolved;
  }
}

function isCode(error: unknown, code: string): boolean {
  // Structural: errors from Node's own modules may come from another realm (a test sandbox).
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

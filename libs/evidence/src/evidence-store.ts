import type { Readable } from 'node:stream';

/** What the store is told about an object it is given: checked against the bytes it receives. */
export interface StoredObjectMeta {
  contentType: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

/**
 * Where evidence content lives. Keys are relative, slash-separated paths (see
 * {@link assertStorageKey}); the database holds everything else about a file.
 */
export interface EvidenceStore {
  /** Store the object whole or not at all; a reader never sees part of it. */
  put(key: string, body: Readable | Buffer, meta: StoredObjectMeta): Promise<void>;
  /** The object's content; rejects with {@link StoredObjectNotFound} when there is none. */
  get(key: string): Promise<Readable>;
  /** Remove the object; removing one that does not exist is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Injection token of the process's {@link EvidenceStore}. */
export const EVIDENCE_STORE = Symbol('EVIDENCE_STORE');

export class StoredObjectNotFound extends Error {
  constructor(readonly key: string) {
    super(`no stored object under ${key}`);
    this.name = 'StoredObjectNotFound';
  }
}

/** The store refused or lost an object: content that does not match its meta, a bad key. */
export class EvidenceStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvidenceStoreError';
  }
}

const SEGMENT = /^[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*$/;
const MAX_KEY_LENGTH = 512;

/**
 * A key is one or more segments of letters, digits and `. _ ~ % -` joined by `/`. No segment
 * starts with a dot, so `.` and `..` cannot occur and a store may keep its own temporary files
 * beside the objects under dotted names; absolute paths and back-slashes are impossible.
 */
export function assertStorageKey(key: string): void {
  const segments = key.split('/');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !segments.every((s) => SEGMENT.test(s))) {
    throw new EvidenceStoreError(`invalid storage key ${JSON.stringify(key)}`);
  }
}

/**
 * Encode any text (an item id, which may hold `/` and `.`) as one key segment: letters, digits,
 * `_` and `-` stay, every other UTF-8 byte becomes `%XX`.
 */
export function keySegment(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

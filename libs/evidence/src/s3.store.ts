import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  assertStorageKey,
  EvidenceStoreError,
  StoredObjectNotFound,
  type EvidenceStore,
  type StoredObjectMeta,
} from './evidence-store';
import { awsUriEncode, EMPTY_SHA256, sha256Hex, signV4, type SigV4Credentials } from './sigv4';

export interface S3StoreOptions {
  /** Base address of the S3-compatible service, e.g. `https://s3.example.com` or `http://minio:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  credentials: SigV4Credentials;
  /**
   * `https://endpoint/bucket/key` (the default, which every S3-compatible server accepts) rather
   * than `https://bucket.endpoint/key`.
   */
  forcePathStyle?: boolean;
  /** Limit on a request up to its response headers; a download then streams without one. */
  timeoutMs?: number;
  /** For tests: the fetch to use and the clock to sign with. */
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * Evidence in an S3-compatible bucket, spoken to over plain HTTP with Signature Version 4. An
 * upload is one PUT whose `x-amz-content-sha256` is the real hash of the content, so the server
 * refuses a body that arrives altered; S3 makes a PUT visible only once it is complete.
 */
export class S3Store implements EvidenceStore {
  private readonly base: URL;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;
  private readonly timeoutMs: number;

  constructor(private readonly options: S3StoreOptions) {
    this.base = new URL(options.endpoint);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new EvidenceStoreError(`S3 endpoint must be an http(s) address, not ${options.endpoint}`);
    }
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async put(key: string, body: Readable | Buffer, meta: StoredObjectMeta): Promise<void> {
    if (Buffer.isBuffer(body)) {
      const actual = sha256Hex(body);
      if (body.length !== meta.size || actual !== meta.sha256) {
        throw new EvidenceStoreError(`content of ${key} does not match its description (sha256 ${actual})`);
      }
    }
    const response = await this.send('PUT', key, meta.sha256, {
      headers: {
        'content-type': meta.contentType,
        'content-length': String(meta.size),
        // Kept with the object so that it can be checked without the database.
        'x-amz-meta-sha256': meta.sha256,
      },
      body: Buffer.isBuffer(body) ? body : (Readable.toWeb(body) as ReadableStream<Uint8Array>),
    });
    await expectOk(response, 'PUT', key);
  }

  async get(key: string): Promise<Readable> {
    const response = await this.send('GET', key, EMPTY_SHA256);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new StoredObjectNotFound(key);
    }
    await expectOk(response, 'GET', key, false);
    if (!response.body) throw new EvidenceStoreError(`GET ${key}: response without a body`);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    const response = await this.send('DELETE', key, EMPTY_SHA256);
    if (response.status === 404) {
      await response.body?.cancel();
      return;
    }
    await expectOk(response, 'DELETE', key);
  }

  async exists(key: string): Promise<boolean> {
    const response = await this.send('HEAD', key, EMPTY_SHA256);
    await response.body?.cancel();
    if (response.status === 404) return false;
    if (response.ok) return true;
    throw new EvidenceStoreError(`HEAD ${key}: ${response.status} ${response.statusText}`);
  }

  /** The object's address: each key segment encoded once, as it is signed. */
  objectUrl(key: string): URL {
    assertStorageKey(key);
    const encodedKey = key.split('/').map(awsUriEncode).join('/');
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const url = new URL(this.base.origin);
    if (this.options.forcePathStyle ?? true) {
      url.pathname = `${basePath}/${awsUriEncode(this.options.bucket)}/${encodedKey}`;
    } else {
      url.hostname = `${this.options.bucket}.${this.base.hostname}`;
      url.pathname = `${basePath}/${encodedKey}`;
    }
    return url;
  }

  private async send(
    method: string,
    key: string,
    payloadSha256: string,
    init: { headers?: Record<string, string>; body?: Buffer | ReadableStream<Uint8Array> } = {},
  ): Promise<Response> {
    const url = this.objectUrl(key);
    const signed = signV4({
      method,
      url,
      headers: { ...init.headers, 'x-amz-content-sha256': payloadSha256 },
      payloadSha256,
      region: this.options.region,
      service: 's3',
      credentials: this.options.credentials,
      now: this.now(),
    });
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new EvidenceStoreError(`${method} ${key}: no response in ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    try {
      return await this.fetch(url, {
        method,
        headers: signed.headers,
        body: init.body,
        signal: abort.signal,
        redirect: 'error',
        ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      });
    } catch (error) {
      throw new EvidenceStoreError(`${method} ${key} failed: ${describe(error)}`, { cause: error });
    } finally {
      // Once the headers are in, a download streams on for as long as the reader takes.
      clearTimeout(timer);
    }
  }
}

async function expectOk(response: Response, method: string, key: string, consume = true): Promise<void> {
  if (response.ok) {
    if (consume) await response.body?.cancel();
    return;
  }
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  throw new EvidenceStoreError(`${method} ${key}: ${response.status} ${code ?? response.statusText}`);
}

function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  if (typeof message !== 'string') return String(error);
  return typeof cause?.message === 'string' ? `${message} (${cause.message})` : message;
}

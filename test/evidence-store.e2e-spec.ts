import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConfigModule, parseConfig } from '@lib/config';
import {
  createEvidenceStore,
  EvidenceModule,
  EvidenceService,
  EvidenceStoreError,
  LocalDiskStore,
  newEvidenceId,
  S3Store,
  storageKeyOf,
  StoredObjectNotFound,
  type EvidenceRecordView,
  type EvidenceStore,
  type UploadEvidence,
} from '@lib/evidence';
import { DomainError } from '@lib/errors';
import { samples } from '../libs/evidence/src/evidence-samples';
import { isolatedDatabase } from './support/isolated-database';

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;
// s3rver ships without type declarations.
const S3rver = createRequire(__filename)('s3rver') as S3rverClass;

const BUCKET = 'evidence';
/** s3rver's built-in account. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const metaOf = (content: Buffer, contentType = 'application/pdf') => ({
  contentType,
  size: content.length,
  sha256: sha256(content),
});

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)));
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the upload was accepted');
}

interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

let root: string;
let s3: S3rverServer;
let s3Endpoint: string;
const recorded: RecordedRequest[] = [];

const recordingFetch: typeof fetch = (input, init) => {
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  recorded.push({
    method: init?.method ?? 'GET',
    url: input instanceof Request ? input.url : input instanceof URL ? input.href : input,
    headers,
  });
  return fetch(input, init);
};

function s3Store(overrides: Partial<ConstructorParameters<typeof S3Store>[0]> = {}): S3Store {
  return new S3Store({
    endpoint: s3Endpoint,
    bucket: BUCKET,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    fetch: recordingFetch,
    ...overrides,
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'evidence-e2e-'));
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(root, 's3rver'),
    vhostBuckets: false,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3?.close();
  await rm(root, { recursive: true, force: true });
});

describe.each([
  ['local disk', (): EvidenceStore => new LocalDiskStore(path.join(root, 'contract-local'))],
  ['S3-compatible', (): EvidenceStore => s3Store()],
])('%s store', (_name, makeStore) => {
  it('stores, reads back unchanged, tells what exists and deletes', async () => {
    const store = makeStore();
    const content = samples.pdf();
    const big = Buffer.concat(Array.from({ length: 64 }, (_, i) => Buffer.alloc(4096, i)));
    // An item id with a slash and dots, as keySegment encodes it.
    const key = 'items/zz-2024%2FF-0007/ev_contract';

    await store.put(key, content, metaOf(content));
    await store.put(`${key}-stream`, Readable.from([big.subarray(0, 1000), big.subarray(1000)]), metaOf(big));

    const back = await buffer(await store.get(key));
    expect(sha256(back)).toBe(sha256(content));
    expect(sha256(await buffer(await store.get(`${key}-stream`)))).toBe(sha256(big));
    expect(await store.exists(key)).toBe(true);
    expect(await store.exists('items/zz-2024%2FF-0007/ev_absent')).toBe(false);

    await store.delete(key);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(StoredObjectNotFound);
  });

  it('refuses keys that could leave the store', async () => {
    const store = makeStore();
    for (const key of ['../x', 'items/../../x', '/abs', 'a//b']) {
      await expect(store.put(key, Buffer.from('x'), metaOf(Buffer.from('x')))).rejects.toThrow(EvidenceStoreError);
      await expect(store.exists(key)).rejects.toThrow(EvidenceStoreError);
    }
  });
});

describe('S3Store over HTTP', () => {
  it('sends the real content hash, signed, and keeps it with the object', async () => {
    const store = s3Store();
    const content = samples.png();
    recorded.length = 0;
    await store.put('items/P001/ev_hash', content, metaOf(content, 'image/png'));
    const [put] = recorded;
    expect(put).toMatchObject({ method: 'PUT', url: `${s3Endpoint}/${BUCKET}/items/P001/ev_hash` });
    expect(put.headers['x-amz-content-sha256']).toBe(sha256(content));
    expect(put.headers['x-amz-meta-sha256']).toBe(sha256(content));
    expect(put.headers['content-type']).toBe('image/png');
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-sha256, Signature=[0-9a-f]{64}$/,
    );
    expect(sha256(await buffer(await store.get('items/P001/ev_hash')))).toBe(sha256(content));
  });

  it('refuses a buffer that does not match its hash before sending it', async () => {
    recorded.length = 0;
    const content = samples.pdf();
    await expect(
      s3Store().put('items/P001/ev_bad', content, { ...metaOf(content), sha256: '0'.repeat(64) }),
    ).rejects.toThrow(/does not match/);
    expect(recorded).toHaveLength(0);
  });

  it("reports the server's error code", async () => {
    const store = s3Store({ credentials: { accessKeyId: 'NOBODY', secretAccessKey: 'x' } });
    await expect(store.put('items/P001/ev_denied', samples.pdf(), metaOf(samples.pdf()))).rejects.toThrow(
      /403 InvalidAccessKeyId/,
    );
    await expect(s3Store({ bucket: 'no-such-bucket' }).get('items/P001/x')).rejects.toBeInstanceOf(
      StoredObjectNotFound,
    );
  });
});

describe('the store the configuration names', () => {
  const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', TEMPORAL_ADDRESS: 'localhost:7233' };

  it('is the local folder by default, and an S3 bucket when configured', () => {
    const local = parseConfig(base);
    expect(local).toMatchObject({
      EVIDENCE_STORE: 'local',
      EVIDENCE_DIR: './data/evidence',
      EVIDENCE_MAX_BYTES: 20 * 1024 * 1024,
    });
    expect((createEvidenceStore(local) as LocalDiskStore).root).toBe(path.resolve('data/evidence'));
    const s3Config = parseConfig({
      ...base,
      EVIDENCE_STORE: 's3',
      EVIDENCE_S3_ENDPOINT: 'http://minio:9000',
      EVIDENCE_S3_BUCKET: 'evidence',
      EVIDENCE_S3_ACCESS_KEY_ID: 'id',
      EVIDENCE_S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(s3Config).toMatchObject({ EVIDENCE_S3_REGION: 'us-east-1', EVIDENCE_S3_FORCE_PATH_STYLE: true });
    const store = createEvidenceStore(s3Config);
    expect(store).toBeInstanceOf(S3Store);
    expect((store as S3Store).objectUrl('items/P1/ev_1').href).toBe('http://minio:9000/evidence/items/P1/ev_1');
  });

  it('refuses S3 without its settings, naming each', () => {
    expect(() => parseConfig({ ...base, EVIDENCE_STORE: 's3', EVIDENCE_S3_BUCKET: 'b' })).toThrow(
      /EVIDENCE_S3_ENDPOINT: is required[\s\S]*EVIDENCE_S3_ACCESS_KEY_ID: is required/,
    );
  });
});

describe('EvidenceService', () => {
  const MAX_BYTES = 64 * 1024;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let storeDir: string;
  let spoolDir: string;
  let store: LocalDiskStore;
  let service: EvidenceService;

  const upload = (over: Partial<UploadEvidence> & { content?: Buffer }, svc = service) =>
    svc.upload({
      itemId: 'zz-2024/P-0001',
      personId: 'civil.handler',
      fileName: '整改报告.pdf',
      body: Readable.from([over.content ?? samples.pdf()]),
      ...over,
    });

  const pending = async (keyPattern: string): Promise<string[]> =>
    (
      await dataSource.query<{ storage_key: string }[]>(
        'SELECT storage_key FROM evidence_pending WHERE storage_key LIKE $1 ORDER BY storage_key',
        [keyPattern],
      )
    ).map((r) => r.storage_key);

  const rowsOf = async (itemId: string): Promise<number> => {
    const [row] = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM evidence_file WHERE item_id = $1',
      [itemId],
    );
    return row.n;
  };

  beforeAll(async () => {
    ({ dataSource, drop } = await isolatedDatabase());
    storeDir = path.join(root, 'service-store');
    spoolDir = path.join(root, 'spool');
    await mkdir(spoolDir);
    store = new LocalDiskStore(storeDir);
    service = new EvidenceService(dataSource, store, { maxBytes: MAX_BYTES, spoolDir });
  });
  afterAll(() => drop?.());
  afterEach(async () => {
    // No upload, accepted or refused, leaves its spooled copy behind.
    expect(await filesUnder(spoolDir)).toEqual([]);
  });

  it('stores a document under its item, records what its content is, and serves it back', async () => {
    const content = samples.docx();
    const view = await upload({ content, round: 1, fileName: 'C:\\fakepath\\整改台账.docx' });
    expect(view).toEqual<EvidenceRecordView>({
      id: expect.stringMatching(/^ev_[A-Za-z0-9_-]{16}$/) as string,
      uri: `evidence:${view.id}`,
      itemId: 'zz-2024/P-0001',
      round: 1,
      name: '整改台账.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sizeBytes: content.length,
      sha256: sha256(content),
      uploadedBy: 'civil.handler',
      uploadedAt: expect.any(String) as string,
    });
    expect(await store.exists(`items/zz-2024%2FP-0001/${view.id}`)).toBe(true);

    expect(await service.get('zz-2024/P-0001', view.id)).toEqual(view);
    expect((await service.list('zz-2024/P-0001')).items.map((v) => v.id)).toContain(view.id);
    const opened = await service.open('zz-2024/P-0001', view.id);
    expect(opened.record).toEqual(view);
    expect(sha256(await buffer(opened.stream))).toBe(view.sha256);
  });

  it('takes the type from the content, not from the name', async () => {
    const view = await upload({ itemId: 'P-type', content: samples.png(), fileName: 'photo.pdf' });
    expect(view).toMatchObject({ contentType: 'image/png', name: 'photo.pdf.png' });
  });

  it('refuses an executable named as a PDF, storing and recording nothing', async () => {
    const error = await refusal(upload({ itemId: 'P-exe', content: samples.exe(), fileName: 'report.pdf' }));
    expect(error).toMatchObject({ code: 'EVIDENCE_TYPE_NOT_ALLOWED', status: 415 });
    expect(error.message).toContain('Windows executable');
    expect(await rowsOf('P-exe')).toBe(0);
    expect(await filesUnder(path.join(storeDir, 'items/P-exe'))).toEqual([]);
  });

  it('refuses a plain ZIP only once it has read the central directory', async () => {
    const error = await refusal(upload({ itemId: 'P-zip', content: samples.zip(), fileName: 'scan.docx' }));
    expect(error).toMatchObject({ code: 'EVIDENCE_TYPE_NOT_ALLOWED', message: expect.stringContaining('ZIP archive') });
    expect(await rowsOf('P-zip')).toBe(0);
  });

  it('stops reading a body as soon as it passes the limit, storing and recording nothing', async () => {
    let pulled = 0;
    const chunk = Buffer.concat([samples.pdf(), Buffer.alloc(8192 - samples.pdf().length, 0x20)]);
    // Never ends: only a limit enforced while streaming can refuse it.
    const endless = Readable.from(
      (function* () {
        for (;;) {
          pulled += chunk.length;
          yield chunk;
        }
      })(),
    );
    const error = await refusal(upload({ itemId: 'P-big', body: endless }));
    expect(error).toMatchObject({ code: 'EVIDENCE_TOO_LARGE', status: 413, messageZh: '文件超过大小上限（64 KiB）' });
    expect(pulled).toBeLessThan(MAX_BYTES + 8 * chunk.length);
    expect(endless.destroyed).toBe(false);
    endless.destroy();
    expect(await rowsOf('P-big')).toBe(0);
    expect(await filesUnder(path.join(storeDir, 'items/P-big'))).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const error = await refusal(upload({ itemId: 'P-empty', body: Readable.from([]) }));
    expect(error).toMatchObject({ code: 'EVIDENCE_EMPTY', status: 400 });
  });

  it('returns the first record for a retried upload, even when the retries race', async () => {
    const first = await upload({ itemId: 'P-retry', idempotencyKey: 'upload-1' });
    const again = await upload({ itemId: 'P-retry', idempotencyKey: 'upload-1', content: samples.png() });
    expect(again).toEqual(first);
    const racing = await Promise.all([
      upload({ itemId: 'P-retry', idempotencyKey: 'upload-2' }),
      upload({ itemId: 'P-retry', idempotencyKey: 'upload-2' }),
      upload({ itemId: 'P-retry', idempotencyKey: 'upload-2' }),
    ]);
    expect(new Set(racing.map((v) => v.id)).size).toBe(1);
    // Another person's upload with the same key is their own.
    const other = await upload({ itemId: 'P-retry', idempotencyKey: 'upload-1', personId: 'other.handler' });
    expect(other.id).not.toBe(first.id);

    expect(await rowsOf('P-retry')).toBe(3);
    expect(await filesUnder(path.join(storeDir, 'items/P-retry'))).toHaveLength(3);
  });

  it('finds a file only under its own item', async () => {
    const view = await upload({ itemId: 'P-own' });
    for (const [itemId, id] of [
      ['P-other', view.id],
      ['P-own', 'ev_AAAAAAAAAAAAAAAA'],
      ['P-own', '../../etc/passwd'],
    ] as const) {
      await expect(service.get(itemId, id)).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND', status: 404 });
      await expect(service.open(itemId, id)).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
    }
  });

  it('removes the stored object when the upload fails after storing it', async () => {
    const failingStore: EvidenceStore = {
      put: async (key, body, meta) => {
        await store.put(key, body, meta);
        throw new Error('store acknowledged too late');
      },
      get: (key) => store.get(key),
      delete: (key) => store.delete(key),
      exists: (key) => store.exists(key),
    };
    const withFailingStore = new EvidenceService(dataSource, failingStore, { maxBytes: MAX_BYTES, spoolDir });
    await expect(upload({ itemId: 'P-fail-store' }, withFailingStore)).rejects.toThrow('store acknowledged too late');
    expect(await filesUnder(path.join(storeDir, 'items/P-fail-store'))).toEqual([]);

    // The object is stored, then recording its row fails.
    const failingDatabase = Object.create(dataSource, {
      transaction: { value: () => Promise.reject(new Error('database went away')) },
    }) as DataSource;
    const withFailingDatabase = new EvidenceService(failingDatabase, store, { maxBytes: MAX_BYTES, spoolDir });
    await expect(upload({ itemId: 'P-fail-db' }, withFailingDatabase)).rejects.toThrow('database went away');
    expect(await filesUnder(path.join(storeDir, 'items/P-fail-db'))).toEqual([]);
    expect(await rowsOf('P-fail-db')).toBe(0);
    expect(await pending('items/P-fail-db/%')).toEqual([]);
  });

  it('sweeps the object of an upload that died between storing it and recording it', async () => {
    // An upload that completed withdrew its announcement with its row.
    const done = await upload({ itemId: 'P-sweep-done' });
    expect(await pending(`items/P-sweep-done/%`)).toEqual([]);
    // What a crash leaves: the announcement and the object, and no row.
    const crashed = storageKeyOf('P-sweep-crashed', newEvidenceId());
    const recent = storageKeyOf('P-sweep-recent', newEvidenceId());
    for (const [key, age] of [
      [crashed, '2 hours'],
      [recent, '1 minute'],
    ] as const) {
      await dataSource.query(
        `INSERT INTO evidence_pending (storage_key, created_at) VALUES ($1, now() - $2::interval)`,
        [key, age],
      );
      await store.put(key, samples.png(), {
        contentType: 'image/png',
        size: samples.png().length,
        sha256: sha256(samples.png()),
      });
    }
    expect(await service.sweepAbandoned()).toBe(1);
    expect(await store.exists(crashed)).toBe(false);
    expect(await pending(crashed)).toEqual([]);
    // An upload still under way is left alone, and so is every recorded file.
    expect(await store.exists(recent)).toBe(true);
    expect(await pending(recent)).toEqual([recent]);
    expect(await store.exists(storageKeyOf('P-sweep-done', done.id))).toBe(true);
    expect(await service.sweepAbandoned()).toBe(0);
  });

  it("checks an action's evidence references against the item", async () => {
    const view = await upload({ itemId: 'P-refs' });
    const elsewhere = await upload({ itemId: 'P-refs-other' });
    await expect(
      service.resolveReferences('P-refs', [
        { name: '整改报告', uri: view.uri },
        { name: '新闻报道', uri: 'https://example.org/news/1' },
      ]),
    ).resolves.toEqual([
      { name: '整改报告', uri: view.uri, sha256: view.sha256 },
      { name: '新闻报道', uri: 'https://example.org/news/1' },
    ]);
    await expect(
      service.resolveReferences('P-refs', [
        { name: 'a', uri: elsewhere.uri },
        { name: 'b', uri: view.uri, sha256: '0'.repeat(64) },
      ]),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'evidence[0].uri', code: 'UNKNOWN_EVIDENCE' },
        { field: 'evidence[1].sha256', code: 'EVIDENCE_HASH_MISMATCH' },
      ],
    });
  });

  it('is provided by EvidenceModule with the store and limit the configuration names', async () => {
    @Global()
    @Module({ providers: [{ provide: DataSource, useValue: dataSource }], exports: [DataSource] })
    class TestDatabaseModule {}
    const config = parseConfig({
      DATABASE_URL: 'postgres://u:p@localhost:5432/unused',
      TEMPORAL_ADDRESS: 'localhost:7233',
      EVIDENCE_DIR: path.join(root, 'module-store'),
      EVIDENCE_MAX_BYTES: '100',
    });
    const rootModule: DynamicModule = {
      module: class EvidenceTestModule {},
      imports: [ConfigModule.forRoot(config), TestDatabaseModule, EvidenceModule],
    };
    const app = await NestFactory.createApplicationContext(rootModule, { logger: false });
    try {
      const fromModule = app.get(EvidenceService);
      const view = await upload({ itemId: 'P-module', content: samples.jpeg(), fileName: 'site.jpg' }, fromModule);
      expect(await filesUnder(path.join(root, 'module-store'))).toEqual([`items/P-module/${view.id}`]);
      const error = await refusal(
        upload({ itemId: 'P-module', content: Buffer.concat([samples.pdf(), Buffer.alloc(100, 0x20)]) }, fromModule),
      );
      expect(error).toMatchObject({
        code: 'EVIDENCE_TOO_LARGE',
        message: 'the file is larger than the limit of 100 bytes',
      });
    } finally {
      await app.close();
    }
  });

  it('works the same over an S3-compatible store', async () => {
    const overS3 = new EvidenceService(dataSource, s3Store(), { maxBytes: MAX_BYTES, spoolDir });
    const content = samples.ofd();
    const view = await upload({ itemId: 'P-s3', content, fileName: '通知.ofd' }, overS3);
    expect(view).toMatchObject({ contentType: 'application/ofd', name: '通知.ofd', sha256: sha256(content) });
    const opened = await overS3.open('P-s3', view.id);
    expect(sha256(await buffer(opened.stream))).toBe(sha256(content));
  });
});

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { EvidenceStoreError, StoredObjectNotFound } from './evidence-store';
import { LocalDiskStore } from './local-disk.store';

const meta = (content: Buffer) => ({
  contentType: 'application/pdf',
  size: content.length,
  sha256: createHash('sha256').update(content).digest('hex'),
});

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)));
}

describe('LocalDiskStore', () => {
  let root: string;
  let store: LocalDiskStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'evidence-store-'));
    store = new LocalDiskStore(path.join(root, 'evidence'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stores a stream privately and reads it back', async () => {
    const content = Buffer.from('%PDF-1.7 evidence');
    await store.put('items/P001/ev_1', Readable.from([content.subarray(0, 5), content.subarray(5)]), meta(content));
    expect(await store.exists('items/P001/ev_1')).toBe(true);
    expect(await text(await store.get('items/P001/ev_1'))).toBe(content.toString());
    expect((await stat(path.join(root, 'evidence/items/P001/ev_1'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(root, 'evidence/items/P001'))).mode & 0o777).toBe(0o700);
    expect(await filesUnder(store.root)).toEqual(['items/P001/ev_1']);

    await store.delete('items/P001/ev_1');
    await store.delete('items/P001/ev_1');
    expect(await store.exists('items/P001/ev_1')).toBe(false);
    await expect(store.get('items/P001/ev_1')).rejects.toBeInstanceOf(StoredObjectNotFound);
  });

  it('refuses content that does not match its description, leaving nothing behind', async () => {
    const content = Buffer.from('%PDF-1.7 evidence');
    await expect(store.put('items/P001/ev_2', content, { ...meta(content), sha256: '0'.repeat(64) })).rejects.toThrow(
      EvidenceStoreError,
    );
    await expect(store.put('items/P001/ev_2', content, { ...meta(content), size: 3 })).rejects.toThrow(
      /does not match/,
    );
    expect(await filesUnder(store.root)).toEqual([]);
  });

  it('removes the temporary file when the body fails half-way', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('%PDF-1.7 partial'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.put('items/P001/ev_3', failing, meta(Buffer.from('x')))).rejects.toThrow('connection reset');
    expect(await filesUnder(store.root)).toEqual([]);
  });

  it.each([
    '../outside',
    'items/../../outside',
    '/etc/passwd',
    'items/./x',
    'items//x',
    'items/x/',
    '.hidden',
    'items\\..\\x',
    'items/x\u0000',
    '',
  ])('refuses the key %j', async (key) => {
    await expect(store.put(key, Buffer.from('x'), meta(Buffer.from('x')))).rejects.toThrow(EvidenceStoreError);
    await expect(store.get(key)).rejects.toThrow(EvidenceStoreError);
    await expect(store.exists(key)).rejects.toThrow(EvidenceStoreError);
    await expect(store.delete(key)).rejects.toThrow(EvidenceStoreError);
  });

  it('does not follow a symbolic link out of its folder', async () => {
    const secret = path.join(root, 'secret.txt');
    await writeFile(secret, 'not evidence');
    await store.put('items/P001/ev_4', Buffer.from('x'), meta(Buffer.from('x')));
    await symlink(secret, path.join(store.root, 'items/P001/ev_link'));
    await expect(store.get('items/P001/ev_link')).rejects.toThrow(/ELOOP|symbolic/);
  });
});

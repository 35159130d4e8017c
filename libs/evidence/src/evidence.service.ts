import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished, Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EvidenceRef } from '@lib/contracts';
import { EvidenceFile, findPage, type Page, type PageRequest } from '@lib/database';
import { DomainError, NotFoundError, ValidationError, type FieldProblem } from '@lib/errors';
import { EVIDENCE_STORE, keySegment, type EvidenceStore } from './evidence-store';
import {
  detectFileTypeAt,
  sniffHead,
  SNIFF_HEAD_BYTES,
  typeNotAllowed,
  type DetectedType,
  type RandomAccessSource,
} from './file-type';

/** Limits of the evidence service, from the configuration. */
export interface EvidenceOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Folder for uploads in progress; the system's temporary folder when unset. */
  spoolDir?: string;
}

/** Injection token of {@link EvidenceOptions}. */
export const EVIDENCE_OPTIONS = Symbol('EVIDENCE_OPTIONS');

export interface UploadEvidence {
  itemId: string;
  /** The round of the item the evidence belongs to, when known. */
  round?: number | null;
  /** Who uploads: a person id. */
  personId: string;
  /** The name the uploader's file had; kept for display, sanitised, never trusted. */
  fileName: string;
  body: Readable;
  /** Makes a retried upload return the first record instead of storing the file twice. */
  idempotencyKey?: string | null;
}

/** A stored evidence file as the API shows it. */
export interface EvidenceRecordView {
  id: string;
  /** `evidence:<id>`: what `submit-completion` takes in `evidence[].uri`. */
  uri: string;
  itemId: string;
  round: number | null;
  name: string;
  /** The type detected from the content. */
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface OpenedEvidence {
  record: EvidenceRecordView;
  /** The content; the caller must consume or destroy it. */
  stream: Readable;
}

const URI_PREFIX = 'evidence:';
const ID_PATTERN = /^ev_[A-Za-z0-9_-]{16}$/;
const MAX_NAME_LENGTH = 200;
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * Evidence files (佐证材料) attached to rectification items. Whether the caller may see or add
 * to the item is decided before these methods are called; this service checks the content,
 * keeps it in the configured store and records it.
 */
@Injectable()
export class EvidenceService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
    @Inject(EVIDENCE_OPTIONS) private readonly options: EvidenceOptions,
  ) {}

  /**
   * Check and store one file. The body streams through a limit and a hash into a private
   * temporary file: it is refused as soon as it passes the size limit or its first bytes show a
   * kind that is not allowed, and stored only once its whole content has been recognised. The
   * row is written after the object is stored; if that fails, the object is removed. The object
   * is announced in `evidence_pending` before it is stored and the announcement withdrawn with
   * the row, so an object a crash leaves behind is found by `sweepAbandoned`.
   *
   * A refused body is left where reading stopped (not destroyed), so that an HTTP caller can
   * still answer before closing the connection.
   */
  async upload(input: UploadEvidence): Promise<EvidenceRecordView> {
    validateUpload(input);
    const idempotencyKey = input.idempotencyKey || null;
    if (idempotencyKey) {
      const earlier = await this.findRetried(input.itemId, input.personId, idempotencyKey);
      if (earlier) {
        input.body.resume();
        return toView(earlier);
      }
    }

    const spool = await mkdtemp(path.join(this.options.spoolDir ?? os.tmpdir(), 'evidence-'));
    try {
      const file = path.join(spool, 'upload');
      const { size, sha256 } = await this.spool(input.body, file);
      if (size === 0) throw emptyFile();
      const type = await detectInFile(file, size);

      const id = newEvidenceId();
      const key = storageKeyOf(input.itemId, id);
      await this.dataSource.query('INSERT INTO evidence_pending (storage_key) VALUES ($1)', [key]);
      try {
        await this.store.put(key, createReadStream(file), { contentType: type.contentType, size, sha256 });
      } catch (error) {
        await this.discard(key);
        throw error;
      }

      let inserted: { id: string }[];
      try {
        inserted = await this.dataSource.transaction(async (tx) => {
          const rows: { id: string }[] = await tx.query(
            `INSERT INTO evidence_file (id, item_id, round, name, content_type, size_bytes, sha256, storage_key,
                                        uploaded_by, idempotency_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (item_id, uploaded_by, idempotency_key) DO NOTHING
             RETURNING id`,
            [
              id,
              input.itemId,
              input.round ?? null,
              sanitiseFileName(input.fileName, type),
              type.contentType,
              size,
              sha256,
              key,
              input.personId,
              idempotencyKey,
            ],
          );
          if (rows.length > 0) await tx.query('DELETE FROM evidence_pending WHERE storage_key = $1', [key]);
          return rows;
        });
      } catch (error) {
        await this.discard(key);
        throw error;
      }
      if (inserted.length === 0 && idempotencyKey) {
        // A concurrent retry of the same upload recorded first: keep its object, not ours.
        await this.discard(key);
        const earlier = await this.findRetried(input.itemId, input.personId, idempotencyKey);
        if (earlier) return toView(earlier);
        throw new Error(`evidence upload ${idempotencyKey} conflicted but its record is missing`);
      }
      return toView(await this.files().findOneByOrFail({ id }));
    } finally {
      await rm(spool, { recursive: true, force: true });
    }
  }

  /** A page of the item's evidence, oldest first (by upload time, then id). */
  async list(itemId: string, page: PageRequest = {}): Promise<Page<EvidenceRecordView>> {
    const found = await findPage(this.files(), { where: { itemId }, order: { uploadedAt: 'ASC', id: 'ASC' } }, page);
    return { ...found, items: found.items.map(toView) };
  }

  /** One file of the item; 404 when it does not exist or belongs to another item. */
  async get(itemId: string, evidenceId: string): Promise<EvidenceRecordView> {
    return toView(await this.record(itemId, evidenceId));
  }

  /** A file of the item with its content, to serve. */
  async open(itemId: string, evidenceId: string): Promise<OpenedEvidence> {
    const row = await this.record(itemId, evidenceId);
    return { record: toView(row), stream: await this.store.get(row.storageKey) };
  }

  /**
   * Check the evidence an action cites before it is submitted: every `evidence:<id>` must be a
   * file of this item (and match its hash when one is given); the records' hashes are filled
   * in. Other URIs pass unchanged.
   */
  async resolveReferences(itemId: string, refs: EvidenceRef[]): Promise<EvidenceRef[]> {
    const problems: FieldProblem[] = [];
    const resolved: EvidenceRef[] = [];
    for (const [index, ref] of refs.entries()) {
      const id = parseEvidenceUri(ref.uri);
      if (id === null && !ref.uri.startsWith(URI_PREFIX)) {
        resolved.push(ref);
        continue;
      }
      const row = id === null ? null : await this.files().findOneBy({ id, itemId });
      if (!row) {
        problems.push({
          field: `evidence[${index}].uri`,
          code: 'UNKNOWN_EVIDENCE',
          message: `${ref.uri} is not an evidence file of item ${itemId}`,
        });
      } else if (ref.sha256 && ref.sha256.toLowerCase() !== row.sha256) {
        problems.push({
          field: `evidence[${index}].sha256`,
          code: 'EVIDENCE_HASH_MISMATCH',
          message: `${ref.uri} has sha256 ${row.sha256}`,
        });
      } else {
        resolved.push({ name: ref.name || row.name, uri: ref.uri, sha256: row.sha256 });
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return resolved;
  }

  private files() {
    return this.dataSource.getRepository(EvidenceFile);
  }

  private async record(itemId: string, evidenceId: string): Promise<EvidenceFile> {
    const row = ID_PATTERN.test(evidenceId) ? await this.files().findOneBy({ id: evidenceId, itemId }) : null;
    if (!row) throw new NotFoundError('Evidence', evidenceId, '佐证材料');
    return row;
  }

  private findRetried(itemId: string, personId: string, idempotencyKey: string): Promise<EvidenceFile | null> {
    return this.files().findOneBy({ itemId, uploadedBy: personId, idempotencyKey });
  }

  /** Remove an object no row will name, and then its announcement (kept if the removal fails). */
  private async discard(key: string): Promise<boolean> {
    try {
      await this.store.delete(key);
      await this.dataSource.query('DELETE FROM evidence_pending WHERE storage_key = $1', [key]);
      return true;
    } catch {
      return false; // the announcement stays, so the sweep tries again
    }
  }

  /**
   * Remove the objects of uploads that never recorded their row (the process died between
   * storing and recording) once they are `olderThanMs` old — far longer than an upload takes.
   * An object that a row names after all is kept. Answers how many objects were removed.
   */
  async sweepAbandoned(olderThanMs = 60 * 60 * 1000): Promise<number> {
    const stale: { storage_key: string; recorded: boolean }[] = await this.dataSource.query(
      `SELECT p.storage_key, EXISTS (SELECT 1 FROM evidence_file f WHERE f.storage_key = p.storage_key) AS recorded
         FROM evidence_pending p
        WHERE p.created_at < now() - make_interval(secs => $1)
        ORDER BY p.created_at
        LIMIT 1000`,
      [olderThanMs / 1000],
    );
    let removed = 0;
    for (const { storage_key: key, recorded } of stale) {
      if (recorded) {
        await this.dataSource.query('DELETE FROM evidence_pending WHERE storage_key = $1', [key]);
        continue;
      }
      if (await this.discard(key)) removed += 1;
    }
    return removed;
  }

  /** Copy the body to `file` through the intake checks; the body itself is never destroyed. */
  private async spool(body: Readable, file: string): Promise<{ size: number; sha256: string }> {
    const intake = new Intake(this.options.maxBytes);
    const sink = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    // An upload that breaks off (error or early close) ends the intake with that error.
    const stopWatching = finished(body, { writable: false }, (error) => {
      if (error) intake.destroy(error);
    });
    body.pipe(intake);
    try {
      await pipeline(intake, sink);
    } finally {
      stopWatching();
      body.unpipe(intake);
    }
    return { size: intake.size, sha256: intake.sha256 };
  }
}

/**
 * Counts and hashes the bytes passing through; fails as soon as there are too many, or as soon
 * as the first bytes show a kind of file that is refused whatever follows.
 */
class Intake extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  private headChecked = false;
  private digest?: string;

  constructor(private readonly maxBytes: number) {
    super();
  }

  get sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.size += bytes.length;
    if (this.size > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(bytes);
    if (!this.headChecked) {
      this.head.push(bytes);
      this.headLength += bytes.length;
      if (this.headLength >= SNIFF_HEAD_BYTES) {
        const refusal = this.checkHead();
        if (refusal) return done(refusal);
      }
    }
    done(null, bytes);
  }

  override _flush(done: TransformCallback): void {
    done(!this.headChecked && this.headLength > 0 ? this.checkHead() : null);
  }

  private checkHead(): DomainError | null {
    this.headChecked = true;
    const verdict = sniffHead(Buffer.concat(this.head).subarray(0, SNIFF_HEAD_BYTES));
    this.head = [];
    return 'refused' in verdict ? typeNotAllowed(verdict.refused) : null;
  }
}

async function detectInFile(file: string, size: number): Promise<DetectedType> {
  const handle = await open(file, 'r');
  try {
    const source: RandomAccessSource = {
      size,
      read: async (position, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        return buffer.subarray(0, bytesRead);
      },
    };
    return await detectFileTypeAt(source);
  } finally {
    await handle.close();
  }
}

export function tooLarge(maxBytes: number): DomainError {
  const limit = formatBytes(maxBytes);
  return new DomainError(
    'EVIDENCE_TOO_LARGE',
    413,
    `the file is larger than the limit of ${limit}`,
    `文件超过大小上限（${limit}）`,
    'file',
  );
}

function emptyFile(): DomainError {
  return new DomainError('EVIDENCE_EMPTY', 400, 'the file is empty', '文件为空', 'file');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function validateUpload(input: UploadEvidence): void {
  const problems: FieldProblem[] = [];
  if (!input.itemId) problems.push({ field: 'itemId', code: 'REQUIRED', message: 'itemId is required' });
  if (!input.personId) problems.push({ field: 'personId', code: 'REQUIRED', message: 'personId is required' });
  if (input.round != null && (!Number.isInteger(input.round) || input.round < 1 || input.round > 10_000)) {
    problems.push({ field: 'round', code: 'INVALID_ROUND', message: 'round must be a positive integer' });
  }
  if (input.idempotencyKey && input.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    problems.push({
      field: 'idempotencyKey',
      code: 'TOO_LONG',
      message: `idempotency key longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/** `ev_` and 16 characters of randomness (96 bits). */
export function newEvidenceId(): string {
  return `ev_${randomBytes(12).toString('base64url')}`;
}

/** Where a file's content is kept: under its item, by its id, never by its uploaded name. */
export function storageKeyOf(itemId: string, evidenceId: string): string {
  return `items/${keySegment(itemId)}/${evidenceId}`;
}

/** The evidence id of an `evidence:<id>` URI; null for any other URI. */
export function parseEvidenceUri(uri: string): string | null {
  if (!uri.startsWith(URI_PREFIX)) return null;
  const id = uri.slice(URI_PREFIX.length);
  return ID_PATTERN.test(id) ? id : null;
}

export function evidenceUri(evidenceId: string): string {
  return `${URI_PREFIX}${evidenceId}`;
}

/** The reference to cite a file in an action's `evidence` array. */
export function toEvidenceRef(record: EvidenceRecordView): EvidenceRef {
  return { name: record.name, uri: record.uri, sha256: record.sha256 };
}

/**
 * The uploader's file name made safe to show and to offer as a download name: the last path
 * component only, without control or direction-override characters, at most 200 characters, and
 * ending in the extension of the detected type (`report.exe` holding a PDF becomes
 * `report.exe.pdf`).
 */
export function sanitiseFileName(raw: string, type: Pick<DetectedType, 'extension' | 'kind'>): string {
  const extension = `.${type.extension}`;
  const accepted = type.kind === 'jpeg' ? ['.jpg', '.jpeg'] : [extension];
  let name = (raw ?? '').normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const lower = name.toLowerCase();
  let suffix = accepted.find((e) => lower.endsWith(e) && lower.length > e.length);
  let stem = suffix ? name.slice(0, name.length - suffix.length) : name;
  suffix = suffix ? name.slice(name.length - suffix.length) : extension;
  if (stem.trim() === '') stem = 'evidence';
  const room = MAX_NAME_LENGTH - suffix.length;
  const codePoints = [...stem];
  if (codePoints.length > room) stem = codePoints.slice(0, room).join('').trimEnd();
  return `${stem}${suffix}`;
}

function toView(row: EvidenceFile): EvidenceRecordView {
  return {
    id: row.id,
    uri: evidenceUri(row.id),
    itemId: row.itemId,
    round: row.round,
    name: row.name,
    contentType: row.contentType,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

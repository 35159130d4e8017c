import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An evidence file (佐证材料) a department attached to a rectification item. The content lives
 * in the evidence store under `storageKey`; the row is written only once the content is stored.
 */
@Entity({ name: 'evidence_file' })
@Index('evidence_file_item', ['itemId', 'uploadedAt'])
@Index('evidence_file_idempotency', ['itemId', 'uploadedBy', 'idempotencyKey'], { unique: true })
export class EvidenceFile {
  /** `ev_` and 16 random characters. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'item_id', type: 'text' })
  itemId!: string;

  /** The round of the item the file was submitted for, when known. */
  @Column({ type: 'integer', nullable: true })
  round!: number | null;

  /** The uploader's file name, sanitised: no path, no control characters, at most 200 characters. */
  @Column({ type: 'text' })
  name!: string;

  /** Detected from the content, never taken from the upload. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** A bigint, which the driver returns as a string. */
  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  /** Hex SHA-256 of the content. */
  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  /** Person id of the uploader. */
  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz', default: () => 'now()' })
  uploadedAt!: Date;

  /** Sent by the client so that a retried upload returns the first record. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;
}

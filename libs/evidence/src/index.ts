export {
  EvidenceService,
  EVIDENCE_OPTIONS,
  evidenceUri,
  newEvidenceId,
  parseEvidenceUri,
  sanitiseFileName,
  storageKeyOf,
  toEvidenceRef,
  tooLarge,
  type EvidenceOptions,
  type EvidenceRecordView,
  type OpenedEvidence,
  type UploadEvidence,
} from './evidence.service';
export { EvidenceSweeper } from './evidence-sweeper';
export { EvidenceModule, EVIDENCE_PROVIDERS, createEvidenceStore, evidenceOptions } from './evidence.module';
export {
  EVIDENCE_STORE,
  EvidenceStoreError,
  StoredObjectNotFound,
  assertStorageKey,
  keySegment,
  type EvidenceStore,
  type StoredObjectMeta,
} from './evidence-store';
export { LocalDiskStore } from './local-disk.store';
export { S3Store, type S3StoreOptions } from './s3.store';
export { signV4, awsUriEncode, sha256Hex, EMPTY_SHA256, type SigV4Credentials, type SigV4Request } from './sigv4';
export {
  EVIDENCE_TYPES,
  SNIFF_HEAD_BYTES,
  detectFileType,
  detectFileTypeAt,
  sniffHead,
  typeNotAllowed,
  type DetectedType,
  type EvidenceKind,
  type HeadVerdict,
  type RandomAccessSource,
} from './file-type';

export { AuditModule } from './audit.module';
export {
  AuditService,
  AUDIT_PAGE_MAX,
  type AppendedRecord,
  type AuditPage,
  type AuditQuery,
  type AuditRecordView,
} from './audit.service';
export {
  AUDIT_ACTION_PATTERN,
  AUDIT_DETAIL_MAX_BYTES,
  AUDIT_OUTCOMES,
  AUDIT_RETENTION_DAYS,
  REDACTED,
  type AuditActor,
  type AuditEntry,
  type AuditOutcome,
} from './entry';
export { GENESIS_HASH, canonicalJson, canonicalRecord, chainHash, type ChainedFields } from './chain';
export {
  verifyAuditLog,
  type AuditAnchor,
  type AuditProblem,
  type AuditProblemKind,
  type AuditVerification,
  type VerifyOptions,
} from './verify';

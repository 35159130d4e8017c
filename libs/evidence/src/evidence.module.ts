import { Module, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@lib/config';
import { EVIDENCE_STORE, type EvidenceStore } from './evidence-store';
import { EvidenceSweeper } from './evidence-sweeper';
import { EVIDENCE_OPTIONS, EvidenceService, type EvidenceOptions } from './evidence.service';
import { LocalDiskStore } from './local-disk.store';
import { S3Store } from './s3.store';

/** The store the configuration names: a folder on local disk (the default) or an S3 bucket. */
export function createEvidenceStore(config: AppConfig): EvidenceStore {
  if (config.EVIDENCE_STORE === 's3') {
    const { EVIDENCE_S3_ENDPOINT, EVIDENCE_S3_BUCKET, EVIDENCE_S3_ACCESS_KEY_ID, EVIDENCE_S3_SECRET_ACCESS_KEY } =
      config;
    // The configuration schema requires these when EVIDENCE_STORE=s3.
    if (!EVIDENCE_S3_ENDPOINT || !EVIDENCE_S3_BUCKET || !EVIDENCE_S3_ACCESS_KEY_ID || !EVIDENCE_S3_SECRET_ACCESS_KEY) {
      throw new Error('EVIDENCE_STORE=s3 needs EVIDENCE_S3_ENDPOINT, _BUCKET, _ACCESS_KEY_ID and _SECRET_ACCESS_KEY');
    }
    return new S3Store({
      endpoint: EVIDENCE_S3_ENDPOINT,
      bucket: EVIDENCE_S3_BUCKET,
      region: config.EVIDENCE_S3_REGION,
      credentials: { accessKeyId: EVIDENCE_S3_ACCESS_KEY_ID, secretAccessKey: EVIDENCE_S3_SECRET_ACCESS_KEY },
      forcePathStyle: config.EVIDENCE_S3_FORCE_PATH_STYLE,
    });
  }
  return new LocalDiskStore(config.EVIDENCE_DIR);
}

export function evidenceOptions(config: AppConfig): EvidenceOptions {
  return { maxBytes: config.EVIDENCE_MAX_BYTES };
}

/** Providers of the evidence library; they need `APP_CONFIG` and the `DataSource` (global modules). */
export const EVIDENCE_PROVIDERS: Provider[] = [
  { provide: EVIDENCE_STORE, inject: [APP_CONFIG], useFactory: createEvidenceStore },
  { provide: EVIDENCE_OPTIONS, inject: [APP_CONFIG], useFactory: evidenceOptions },
  EvidenceService,
  EvidenceSweeper,
];

/** Import into a module whose controllers serve evidence; exports `EvidenceService`. */
@Module({ providers: EVIDENCE_PROVIDERS, exports: [EvidenceService, EVIDENCE_STORE] })
export class EvidenceModule {}

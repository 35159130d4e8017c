import { Initial1764300000000 } from './1764300000000-initial';
import { WorkingDayCalendar1764300100000 } from './1764300100000-working-day-calendar';
import { Rectification1764400000000 } from './1764400000000-rectification';
import { Campaigns1764500000000 } from './1764500000000-campaigns';
import { Identity1764600000000 } from './1764600000000-identity';
import { AuditLog1764700000000 } from './1764700000000-audit-log';
import { Evidence1764800000000 } from './1764800000000-evidence';
import { EvidencePending1764900000000 } from './1764900000000-evidence-pending';
import { InspectionRecordedBy1765000000000 } from './1765000000000-inspection-recorded-by';
import { ListOrderIndexes1765100000000 } from './1765100000000-list-order-indexes';

/** Every migration, in order. Listed explicitly so that bundles and the CLI see the same set. */
export const migrations = [
  Initial1764300000000,
  WorkingDayCalendar1764300100000,
  Rectification1764400000000,
  Campaigns1764500000000,
  Identity1764600000000,
  AuditLog1764700000000,
  Evidence1764800000000,
  EvidencePending1764900000000,
  InspectionRecordedBy1765000000000,
  ListOrderIndexes1765100000000,
];

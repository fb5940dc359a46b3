// Every migration, in order. Listed explicitly (not a glob) so the compiled app, the typeorm
// CLI and Jest all load exactly the same set.
import { InitialSchema1764200000000 } from './1764200000000-InitialSchema';
import { ProgressStats1764400000000 } from './1764400000000-ProgressStats';
import { TraineeContacts1764500000000 } from './1764500000000-TraineeContacts';
import { PartnerUsers1764600000000 } from './1764600000000-PartnerUsers';
import { UserAccounts1764600000001 } from './1764600000001-UserAccounts';
import { AuditEvents1764600000002 } from './1764600000002-AuditEvents';
import { Webhooks1764600000003 } from './1764600000003-Webhooks';
import { IdentityConflicts1764700000000 } from './1764700000000-IdentityConflicts';
import { TraineeNameSearch1764700000100 } from './1764700000100-TraineeNameSearch';
import { ImportApplyAndKeyLabels1764700000101 } from './1764700000101-ImportApplyAndKeyLabels';
import { DataQuality1764700000200 } from './1764700000200-DataQuality';
import { WebhookTestAndRedeliver1764700000400 } from './1764700000400-WebhookTestAndRedeliver';
import { LeanRosterKeys1764800000000 } from './1764800000000-LeanRosterKeys';
import { TimeOrderedIds1764900000000 } from './1764900000000-TimeOrderedIds';
import { UploadChunksLz41765000000000 } from './1765000000000-UploadChunksLz4';

export const MIGRATIONS = [
  InitialSchema1764200000000,
  ProgressStats1764400000000,
  TraineeContacts1764500000000,
  PartnerUsers1764600000000,
  UserAccounts1764600000001,
  AuditEvents1764600000002,
  Webhooks1764600000003,
  IdentityConflicts1764700000000,
  TraineeNameSearch1764700000100,
  ImportApplyAndKeyLabels1764700000101,
  DataQuality1764700000200,
  WebhookTestAndRedeliver1764700000400,
  LeanRosterKeys1764800000000,
  TimeOrderedIds1764900000000,
  UploadChunksLz41765000000000,
];

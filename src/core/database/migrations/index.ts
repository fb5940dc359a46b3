// Every migration, in order. Listed explicitly (not a glob) so the compiled app, the typeorm
// CLI and Jest all load exactly the same set.
import { InitialSchema1764200000000 } from './1764200000000-InitialSchema';
import { ProgressStats1764400000000 } from './1764400000000-ProgressStats';
import { TraineeContacts1764500000000 } from './1764500000000-TraineeContacts';
import { PartnerUsers1764600000000 } from './1764600000000-PartnerUsers';
import { UserAccounts1764600000001 } from './1764600000001-UserAccounts';
import { AuditEvents1764600000002 } from './1764600000002-AuditEvents';
import { Webhooks1764600000003 } from './1764600000003-Webhooks';

export const MIGRATIONS = [
  InitialSchema1764200000000,
  ProgressStats1764400000000,
  TraineeContacts1764500000000,
  PartnerUsers1764600000000,
  UserAccounts1764600000001,
  AuditEvents1764600000002,
  Webhooks1764600000003,
];

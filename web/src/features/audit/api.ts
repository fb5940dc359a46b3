// The audit log (admins): filtered, keyset-paged, and as CSV.
import { download } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { toQuery } from '../../lib/filters';
import { type Filters, useKeysetList } from '../query';

export const auditKeys = { all: ['audit'] as const };

export function useAudit(filters: Filters) {
  return useKeysetList<AuditEvent>(auditKeys.all, '/audit', filters, { limit: 50 });
}

export const downloadAudit = (filters: Filters) =>
  download(`/audit${toQuery({ ...filters, format: 'csv' })}`, 'audit.csv');

// One exported roster row: a trainee with one of its enrollments, in the roster template's
// columns, so an export can be edited and uploaded again. Pure: no Nest, no database.
import { ROSTER_COLUMNS, type RosterColumn } from '../imports/roster/roster-columns';

export interface ExportRow {
  seq: string;
  cnic: string;
  fullName: string;
  gender: string;
  cohortCode: string;
  dateOfBirth: string | null;
  province: string | null;
  district: string | null;
  email: string | null;
  phone: string | null;
  category: string;
  externalId: string | null;
  status: string;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
  certification: string | null;
  certificateNumber: string | null;
  certifiedOn: string | null;
}

export const EXPORT_COLUMNS: readonly RosterColumn[] = ROSTER_COLUMNS;

/**
 * A stored E.164 number written the way Pakistani rosters write it (+923001234567 →
 * 03001234567): the roster reads it back to the same number, and a cell starting with `+`
 * would otherwise be quoted as a would-be formula and no longer read as a phone.
 */
export function rosterPhone(e164: string | null): string | null {
  return e164 && e164.startsWith('+92') ? `0${e164.slice(3)}` : e164;
}

export function exportCells(r: ExportRow): Record<RosterColumn, string | number | null> {
  return {
    cnic: r.cnic,
    full_name: r.fullName,
    gender: r.gender,
    cohort_code: r.cohortCode,
    date_of_birth: r.dateOfBirth,
    province: r.province,
    district: r.district,
    email: r.email,
    phone: rosterPhone(r.phone),
    category: r.category,
    external_id: r.externalId,
    status: r.status,
    progress_pct: r.progressPct,
    enrolled_on: r.enrolledOn,
    completed_on: r.completedOn,
    certification: r.certification,
    certificate_number: r.certificateNumber,
    certified_on: r.certifiedOn,
  };
}

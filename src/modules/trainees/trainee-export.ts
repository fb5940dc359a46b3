// The trainee export as one SQL statement: each of the caller's enrollments with its trainee,
// in the roster template's columns, formatted by Postgres (COPY … CSV) so an export runs at the
// database's own speed and can be edited and uploaded again as a roster. Pure: no Nest, no
// database connection.
import { escapeLiteral } from 'pg';
import { sqlInertText } from '../../core/http/csv-cell';
import { ROSTER_COLUMNS, type RosterColumn } from '../imports/roster/roster-columns';

export interface TraineeExportFilter {
  /** Enrollments of these partners only; null = every partner. */
  partnerIds: string[] | null;
  cnic?: string;
  province?: string;
  gender?: string;
  category?: string;
  programCode?: string;
  cohortCode?: string;
  status?: string;
}

export const EXPORT_COLUMNS: readonly RosterColumn[] = ROSTER_COLUMNS;

/** A date as YYYY-MM-DD: the session runs COPY with DateStyle ISO (see `EXPORT_SESSION`). */
const isoDate = (expression: string) => `${expression}::text`;

/**
 * Settings for the export's transaction: ISO dates; no JIT, whose compile time (~0.4 s)
 * outweighs its gain on a plain join; and room to hash and sort a large partner's rows in
 * memory (measured: twice as fast as spilling at the default 4 MB).
 */
export const EXPORT_SESSION = [
  "SET LOCAL datestyle = 'ISO, YMD'",
  'SET LOCAL jit = off',
  "SET LOCAL work_mem = '32MB'",
];

/**
 * A stored E.164 number written the way Pakistani rosters write it (+923001234567 →
 * 03001234567): the roster reads it back to the same number, and a cell starting with `+`
 * would otherwise be quoted as a would-be formula and no longer read as a phone.
 */
export function sqlRosterPhone(expression: string): string {
  return `CASE WHEN ${expression} LIKE '+92%' THEN '0' || substr(${expression}, 4) ELSE ${expression} END`;
}

/**
 * Each roster column's value. Free text is made formula-safe as every CSV we serve is; the
 * rest (codes checked on the way in, dates, the percentage) cannot start like a formula.
 */
const COLUMN_SQL: Record<RosterColumn, string> = {
  cnic: 't.cnic',
  full_name: sqlInertText('t.full_name'),
  gender: 't.gender',
  cohort_code: sqlInertText('c.code'),
  date_of_birth: isoDate('t.date_of_birth'),
  province: 't.province',
  district: sqlInertText('t.district'),
  email: sqlInertText('k.email'),
  phone: sqlInertText(sqlRosterPhone('k.phone')),
  category: 't.category',
  external_id: sqlInertText('e.external_id'),
  status: 'e.status',
  progress_pct: 'e.progress_pct',
  enrolled_on: isoDate('e.enrolled_on'),
  completed_on: isoDate('e.completed_on'),
  certification: sqlInertText('x.name'),
  certificate_number: sqlInertText('x.certificate_number'),
  certified_on: isoDate('x.issued_on'),
};

/**
 * The export's COPY statement. COPY takes no bind parameters, so filter values are quoted with
 * pg's own literal escaping (and were already checked against their patterns by the DTO).
 */
export function exportCopySql(filter: TraineeExportFilter): string {
  const where: string[] = [];
  const equals = (column: string, value: string | undefined) => {
    if (value !== undefined) where.push(`${column} = ${escapeLiteral(value)}`);
  };
  if (filter.partnerIds !== null) {
    where.push(
      filter.partnerIds.length === 0
        ? 'false'
        : `e.partner_id IN (${filter.partnerIds.map(escapeLiteral).join(', ')})`,
    );
  }
  equals('t.cnic', filter.cnic);
  equals('t.province', filter.province);
  equals('t.gender', filter.gender);
  equals('t.category', filter.category);
  equals('e.status', filter.status);
  if (filter.programCode !== undefined) {
    where.push(
      `e.program_id = (SELECT id FROM programs WHERE code = ${escapeLiteral(filter.programCode)})`,
    );
  }
  if (filter.cohortCode !== undefined) {
    where.push(
      `e.cohort_id = (SELECT id FROM cohorts WHERE code = ${escapeLiteral(filter.cohortCode)})`,
    );
  }
  // Each value named as its roster column: COPY's HEADER line is then the template's header,
  // and it comes from Postgres with the rows, so a statement that fails at once fails before
  // any byte of the answer.
  const columns = EXPORT_COLUMNS.map((c) => `${COLUMN_SQL[c]} AS ${c}`).join(',\n       ');
  // The newest certificate of the enrollment's program from the same partner, not revoked.
  return `COPY (
SELECT ${columns}
FROM enrollments e
JOIN trainees t ON t.id = e.trainee_id
JOIN cohorts c ON c.id = e.cohort_id
LEFT JOIN trainee_contacts k ON k.trainee_id = e.trainee_id AND k.partner_id = e.partner_id
LEFT JOIN (
  SELECT DISTINCT ON (trainee_id, program_id, partner_id)
         trainee_id, program_id, partner_id, name, certificate_number, issued_on
  FROM certifications
  WHERE revoked_at IS NULL
  ORDER BY trainee_id, program_id, partner_id, issued_on DESC, certificate_number
) x ON x.trainee_id = e.trainee_id AND x.program_id = e.program_id AND x.partner_id = e.partner_id
${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
ORDER BY e.seq
) TO STDOUT (FORMAT csv, HEADER)`;
}

// The trainee export as one SQL statement: each of the caller's enrollments with its trainee,
// in the roster template's columns, formatted by Postgres (COPY … CSV) so an export runs at the
// database's own speed and can be edited and uploaded again as a roster. Pure: no Nest, no
// database connection.
import { escapeLiteral } from 'pg';
import { sqlInertText } from '../../core/http/csv-cell';
import { shownSuppliedSql } from './supplied-identity';
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
  /**
   * A partner's export: each row's identity as that partner supplied it where it differs from
   * the national record (API.md, "A trainee shared by two partners"); staff read the record.
   */
  suppliedIdentity?: boolean;
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
type IdentityColumn =
  'full_name' | 'gender' | 'date_of_birth' | 'province' | 'district' | 'category';

/** An identity column as the export reads it: `s` is the supplied identity when there is one. */
function identitySql(column: IdentityColumn, supplied: boolean): string {
  if (!supplied) return `t.${column}`;
  const own = column === 'category' ? `coalesce(s.category, 'youth')` : `s.${column}`;
  return `CASE WHEN s.trainee_id IS NULL THEN t.${column} ELSE ${own} END`;
}

const columnSql = (supplied: boolean): Record<RosterColumn, string> => ({
  cnic: 't.cnic',
  full_name: sqlInertText(identitySql('full_name', supplied)),
  gender: identitySql('gender', supplied),
  cohort_code: sqlInertText('c.code'),
  date_of_birth: isoDate(identitySql('date_of_birth', supplied)),
  province: identitySql('province', supplied),
  district: sqlInertText(identitySql('district', supplied)),
  email: sqlInertText('k.email'),
  phone: sqlInertText(sqlRosterPhone('k.phone')),
  category: identitySql('category', supplied),
  external_id: sqlInertText('e.external_id'),
  status: 'e.status',
  progress_pct: 'e.progress_pct',
  enrolled_on: isoDate('e.enrolled_on'),
  completed_on: isoDate('e.completed_on'),
  certification: sqlInertText('x.name'),
  certificate_number: sqlInertText('x.certificate_number'),
  certified_on: isoDate('x.issued_on'),
});

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
  const supplied = filter.suppliedIdentity === true;
  equals('t.cnic', filter.cnic);
  equals(identitySql('province', supplied), filter.province);
  equals(identitySql('gender', supplied), filter.gender);
  equals(identitySql('category', supplied), filter.category);
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
  const sql = columnSql(supplied);
  const columns = EXPORT_COLUMNS.map((c) => `${sql[c]} AS ${c}`).join(',\n       ');
  const suppliedJoin = supplied
    ? `LEFT JOIN identity_conflicts s ON s.trainee_id = e.trainee_id AND s.partner_id = e.partner_id
  AND ${shownSuppliedSql('s')}
`
    : '';
  // The newest certificate of the enrollment's program from the same partner, not revoked.
  return `COPY (
SELECT ${columns}
FROM enrollments e
JOIN trainees t ON t.id = e.trainee_id
JOIN cohorts c ON c.id = e.cohort_id
LEFT JOIN trainee_contacts k ON k.trainee_id = e.trainee_id AND k.partner_id = e.partner_id
${suppliedJoin}LEFT JOIN (
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

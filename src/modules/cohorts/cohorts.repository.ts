// Owns the cohorts table. Reads (never writes) enrollments to count a cohort's trainees and to
// tell whether deleting it would lose any.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { changedFields, initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';

export interface CohortRow {
  id: string;
  seq: string;
  code: string;
  programId: string;
  programCode: string;
  partnerId: string;
  partnerCode: string;
  name: string;
  track: string;
  trainingCentre: string | null;
  city: string | null;
  province: string | null;
  mode: string;
  startsOn: string | null;
  endsOn: string | null;
  capacity: number | null;
  enrolledCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CohortListFilter {
  /** null = every partner. */
  scope: string[] | null;
  programCode?: string;
  partnerCode?: string;
  province?: string;
  track?: string;
  mode?: string;
  code?: string;
}

export interface NewCohort {
  code: string;
  programId: string;
  name: string;
  track: string;
  trainingCentre: string | null;
  city: string | null;
  province: string | null;
  mode: string;
  startsOn: string | null;
  endsOn: string | null;
  capacity: number | null;
}

export type CohortChanges = Partial<Omit<NewCohort, 'code' | 'programId'>>;

const SELECT_COHORT = `
  SELECT c.id, c.seq::text AS seq, c.code, c.program_id AS "programId", p.code AS "programCode",
         p.partner_id AS "partnerId", pa.code AS "partnerCode", c.name, c.track,
         c.training_centre AS "trainingCentre", c.city, c.province, c.mode,
         c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn", c.capacity,
         (SELECT count(*) FROM enrollments e WHERE e.cohort_id = c.id)::int AS "enrolledCount",
         c.created_at AS "createdAt", c.updated_at AS "updatedAt"
  FROM cohorts c
  JOIN programs p ON p.id = c.program_id
  JOIN partners pa ON pa.id = p.partner_id`;

/** Column (and cast) of each changeable field; the only names that reach an UPDATE. */
const COLUMNS: Record<keyof CohortChanges, string> = {
  name: 'name',
  track: 'track',
  trainingCentre: 'training_centre',
  city: 'city',
  province: 'province',
  mode: 'mode',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  capacity: 'capacity',
};

@Injectable()
export class CohortsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async findById(id: string): Promise<CohortRow | null> {
    const rows: CohortRow[] = await this.ds.query(`${SELECT_COHORT} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByCode(code: string): Promise<CohortRow | null> {
    const rows: CohortRow[] = await this.ds.query(`${SELECT_COHORT} WHERE c.code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** Cohorts by code (unknown codes are simply absent), e.g. to resolve a roster's cohorts. */
  findByCodes(codes: string[]): Promise<CohortRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.ds.query(`${SELECT_COHORT} WHERE c.code = ANY($1::text[]) ORDER BY c.seq`, [codes]);
  }

  async codeExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM cohorts WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  listPage(filter: CohortListFilter, page: PageRequest): Promise<CohortRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (page.afterSeq !== null) where.push(`c.seq > ${bind(page.afterSeq)}::bigint`);
    if (filter.scope !== null) where.push(`p.partner_id = ANY(${bind(filter.scope)}::uuid[])`);
    if (filter.programCode) where.push(`p.code = ${bind(filter.programCode)}`);
    if (filter.partnerCode) where.push(`pa.code = ${bind(filter.partnerCode)}`);
    if (filter.province) where.push(`c.province = ${bind(filter.province)}`);
    if (filter.track) where.push(`lower(c.track) = lower(${bind(filter.track)})`);
    if (filter.mode) where.push(`c.mode = ${bind(filter.mode)}`);
    if (filter.code) where.push(`c.code = ${bind(filter.code)}`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.ds.query(
      `${SELECT_COHORT} ${clause} ORDER BY c.seq LIMIT ${bind(page.limit + 1)}`,
      params,
    );
  }

  async insert(actor: Actor, cohort: NewCohort, programCode: string): Promise<string> {
    const { programId: _programId, ...shown } = cohort;
    const draft = {
      actor,
      action: 'created',
      entity: 'cohort' as const,
      changes: initialFields({ ...shown, programCode }),
    };
    return this.audit.write(
      draft,
      async (em) => {
        const rows: { id: string }[] = await em.query(
          `INSERT INTO cohorts (code, program_id, name, track, training_centre, city, province, mode,
                            starts_on, ends_on, capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10::date, $11) RETURNING id`,
          [
            cohort.code,
            cohort.programId,
            cohort.name,
            cohort.track,
            cohort.trainingCentre,
            cohort.city,
            cohort.province,
            cohort.mode,
            cohort.startsOn,
            cohort.endsOn,
            cohort.capacity,
          ],
        );
        return rows[0].id;
      },
      { idOf: (id) => id },
    );
  }

  /** Applies the given changes; undefined leaves a column as it is, null clears it. */
  async update(actor: Actor, before: CohortRow, changes: CohortChanges): Promise<void> {
    const id = before.id;
    const audited = changedFields(before, changes);
    const params: unknown[] = [id];
    const sets: string[] = ['updated_at = now()'];
    for (const field of Object.keys(COLUMNS) as (keyof CohortChanges)[]) {
      const value = changes[field];
      if (value === undefined) continue;
      params.push(value);
      const cast = field === 'startsOn' || field === 'endsOn' ? '::date' : '';
      sets.push(`${COLUMNS[field]} = $${params.length}${cast}`);
    }
    await this.audit.write(
      { actor, action: 'updated', entity: 'cohort', entityId: id, changes: audited },
      (em) => em.query(`UPDATE cohorts SET ${sets.join(', ')} WHERE id = $1`, params),
      { recorded: () => audited.length > 0 },
    );
  }

  async hasEnrollments(id: string): Promise<boolean> {
    const rows: { found: boolean }[] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM enrollments WHERE cohort_id = $1) AS found`,
      [id],
    );
    return rows[0].found;
  }

  /** Deletes the cohort; false when it no longer exists. */
  async delete(actor: Actor, id: string): Promise<boolean> {
    return this.audit.write(
      { actor, action: 'deleted', entity: 'cohort', entityId: id },
      async (em) => {
        // For DELETE, TypeORM's query() answers [rows, affected row count].
        const [, affected] = (await em.query(`DELETE FROM cohorts WHERE id = $1`, [id])) as [
          unknown[],
          number,
        ];
        return affected > 0;
      },
      { recorded: (deleted) => deleted },
    );
  }
}

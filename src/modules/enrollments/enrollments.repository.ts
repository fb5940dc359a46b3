// Owns the enrollments table. Reads join the cohort, program and partner so that every answer
// carries both ids and codes.
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { PageRequest } from '../../core/http/pagination';
import type { EnrollmentStatus } from '../../core/rules';
import { EnrollmentEntity } from './enrollment.entity';
import type { Actor } from '../../core/auth/actor';
import { changedFields, initialFields, type AuditChange } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';

export interface EnrollmentRow {
  id: string;
  seq: string;
  traineeId: string;
  cohortId: string;
  cohortCode: string;
  programId: string;
  programCode: string;
  partnerId: string;
  partnerCode: string;
  externalId: string | null;
  status: EnrollmentStatus;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnrollmentListFilter {
  scope: string[] | null;
  traineeId?: string;
  cohortCode?: string;
  programCode?: string;
  partnerCode?: string;
  status?: string;
  province?: string;
}

export interface EnrollmentValues {
  cohortId: string;
  externalId: string | null;
  status: EnrollmentStatus;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
}

/** What a bulk change does with one enrollment, decided by the service from its rules. */
export type BulkDecision =
  | { kind: 'update'; values: Pick<EnrollmentValues, 'status' | 'progressPct' | 'completedOn'> }
  | { kind: 'unchanged' }
  | { kind: 'refused'; reason: string };

export interface BulkOutcome {
  updated: number;
  unchanged: number;
  refused: { id: string; reason: string }[];
}

/** The one reason for an id that is not this cohort's: whether it exists elsewhere is not said. */
export const NOT_IN_COHORT = 'not an enrollment of this cohort';

/** A list row: the enrollment and its trainee's name (every list caller may see the trainee). */
export interface EnrollmentListRow extends EnrollmentRow {
  traineeFullName: string;
}

const SELECT_ENROLLMENT = `
  SELECT e.id, e.seq::text AS seq, e.trainee_id AS "traineeId",
         e.cohort_id AS "cohortId", c.code AS "cohortCode",
         e.program_id AS "programId", pr.code AS "programCode",
         e.partner_id AS "partnerId", pa.code AS "partnerCode",
         e.external_id AS "externalId", e.status, e.progress_pct AS "progressPct",
         to_char(e.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn",
         to_char(e.completed_on, 'YYYY-MM-DD') AS "completedOn",
         e.created_at AS "createdAt", e.updated_at AS "updatedAt"
  FROM enrollments e
  JOIN cohorts c ON c.id = e.cohort_id
  JOIN programs pr ON pr.id = e.program_id
  JOIN partners pa ON pa.id = e.partner_id`;

@Injectable()
export class EnrollmentsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(EnrollmentEntity) private readonly enrollments: Repository<EnrollmentEntity>,
    private readonly audit: AuditRepository,
  ) {}

  async findById(id: string): Promise<EnrollmentRow | null> {
    const rows: EnrollmentRow[] = await this.ds.query(`${SELECT_ENROLLMENT} WHERE e.id = $1`, [id]);
    return rows[0] ?? null;
  }

  existsForTraineeAndProgram(traineeId: string, programId: string): Promise<boolean> {
    return this.enrollments.existsBy({ traineeId, programId });
  }

  listPage(filter: EnrollmentListFilter, page: PageRequest): Promise<EnrollmentListRow[]> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (page.afterSeq !== null) where.push(`e.seq > ${p(page.afterSeq)}::bigint`);
    if (filter.scope !== null) where.push(`e.partner_id = ANY(${p(filter.scope)}::uuid[])`);
    if (filter.traineeId) where.push(`e.trainee_id = ${p(filter.traineeId)}`);
    if (filter.cohortCode) where.push(`c.code = ${p(filter.cohortCode)}`);
    if (filter.programCode) where.push(`pr.code = ${p(filter.programCode)}`);
    if (filter.partnerCode) where.push(`pa.code = ${p(filter.partnerCode)}`);
    if (filter.status) where.push(`e.status = ${p(filter.status)}`);
    if (filter.province) {
      where.push(`EXISTS (SELECT 1 FROM trainees t
                          WHERE t.id = e.trainee_id AND t.province = ${p(filter.province)})`);
    }
    const sql = `${SELECT_ENROLLMENT.replace(
      'FROM enrollments e',
      `, tr.full_name AS "traineeFullName"
  FROM enrollments e
  JOIN trainees tr ON tr.id = e.trainee_id`,
    )}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY e.seq LIMIT ${p(page.limit + 1)}`;
    return this.ds.query(sql, params);
  }

  async insert(
    actor: Actor,
    values: EnrollmentValues & { traineeId: string; programId: string; partnerId: string },
  ): Promise<string> {
    const draft = {
      actor,
      action: 'created',
      entity: 'enrollment' as const,
      changes: initialFields(values),
    };
    return this.audit.write(
      draft,
      async (em) => {
        const result = await em.getRepository(EnrollmentEntity).insert(values);
        return (result.identifiers[0] as { id: string }).id;
      },
      { idOf: (id) => id },
    );
  }

  /**
   * One bulk change of a cohort's enrollments, in one transaction with its one audit event.
   * The named enrollments are locked in id order (two bulk changes racing on the same rows
   * wait for each other instead of deadlocking) and each is decided on its state as locked,
   * so the second of two racing changes decides on what the first wrote.
   */
  async updateInCohort(
    actor: Actor,
    cohortId: string,
    ids: string[],
    decide: (current: EnrollmentRow) => BulkDecision,
    auditChanges: (outcome: BulkOutcome) => AuditChange[],
  ): Promise<BulkOutcome> {
    return this.ds.transaction(async (em) => {
      const rows: EnrollmentRow[] = await em.query(
        `${SELECT_ENROLLMENT}
         WHERE e.id = ANY($1::uuid[]) AND e.cohort_id = $2
         ORDER BY e.id FOR UPDATE OF e`,
        [ids, cohortId],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const outcome: BulkOutcome = { updated: 0, unchanged: 0, refused: [] };
      const updates: {
        id: string;
        status: string;
        progressPct: number;
        completedOn: string | null;
      }[] = [];
      for (const id of ids) {
        const current = byId.get(id);
        const decision: BulkDecision = current
          ? decide(current)
          : { kind: 'refused', reason: NOT_IN_COHORT };
        if (decision.kind === 'refused') outcome.refused.push({ id, reason: decision.reason });
        else if (decision.kind === 'unchanged') outcome.unchanged += 1;
        else updates.push({ id, ...decision.values });
      }
      if (updates.length > 0) {
        await em.query(
          `UPDATE enrollments AS e
           SET status = v.status, progress_pct = v.progress_pct, completed_on = v.completed_on,
               updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::int[], $4::date[])
                AS v(id, status, progress_pct, completed_on)
           WHERE e.id = v.id`,
          [
            updates.map((u) => u.id),
            updates.map((u) => u.status),
            updates.map((u) => u.progressPct),
            updates.map((u) => u.completedOn),
          ],
        );
        outcome.updated = updates.length;
        await this.audit.append(em, {
          actor,
          action: 'enrollments_updated',
          entity: 'cohort',
          entityId: cohortId,
          changes: auditChanges(outcome),
        });
      }
      return outcome;
    });
  }

  /**
   * Applies the new state only if the status is still the one the caller decided from, so two
   * concurrent writers cannot make a transition the rules refuse. False when it had changed.
   */
  async updateIfStatus(
    actor: Actor,
    before: EnrollmentRow,
    values: EnrollmentValues,
  ): Promise<boolean> {
    const { id, status: expectedStatus } = before;
    const changes = changedFields(before, values);
    const draft = {
      actor,
      action: 'updated',
      entity: 'enrollment' as const,
      entityId: id,
      changes,
    };
    return this.audit.write(
      draft,
      async (em) => {
        const result = await em
          .getRepository(EnrollmentEntity)
          .createQueryBuilder()
          .update()
          .set({ ...values, updatedAt: () => 'now()' })
          .where('id = :id AND status = :expectedStatus', { id, expectedStatus })
          .execute();
        return (result.affected ?? 0) > 0;
      },
      { recorded: (applied) => applied && changes.length > 0 },
    );
  }
}

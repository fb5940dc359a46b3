// Owns identity_conflicts (written set-based by the roster merge; see roster-merge.repository):
// the staff worklist of shared trainees whose identity a partner supplied differently, and the
// reconcile that closes one. A reconcile that keeps the supplied values writes them to the
// trainee in the same transaction as the close and its audit event.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { AuditRepository } from '../audit/audit.repository';

/** The roster's column names, as the merge stores them. */
export const IDENTITY_COLUMNS = [
  'full_name',
  'gender',
  'date_of_birth',
  'province',
  'district',
  'category',
] as const;

/** A stored column name as the API names the field (`full_name` → `fullName`). */
export function camelField(column: string): string {
  return column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

export interface IdentityValues {
  fullName: string;
  gender: string;
  dateOfBirth: string | null;
  province: string | null;
  district: string | null;
  category: string | null;
}

export interface ConflictRow {
  seq: string;
  id: string;
  traineeId: string;
  partnerId: string;
  partnerCode: string;
  columns: string[];
  supplied: IdentityValues;
  record: IdentityValues;
  importId: string | null;
  line: number | null;
  at: Date;
  status: 'open' | 'resolved';
  resolution: string | null;
  resolvedAt: Date | null;
}

export interface ConflictFilter {
  /** null = every partner. */
  partnerIds: string[] | null;
  status: 'open' | 'resolved';
}

const values = (alias: string) => `json_build_object(
    'fullName', ${alias}.full_name, 'gender', ${alias}.gender,
    'dateOfBirth', ${alias}.date_of_birth::text, 'province', ${alias}.province,
    'district', ${alias}.district, 'category', ${alias}.category)`;

const SELECT = `
  SELECT ic.seq::text AS seq, ic.id, ic.trainee_id AS "traineeId", ic.partner_id AS "partnerId",
         p.code AS "partnerCode", ic.columns, ${values('ic')} AS supplied,
         ${values('t')} AS record, ic.import_id AS "importId", ic.line, ic.updated_at AS at,
         ic.status, ic.resolution, ic.resolved_at AS "resolvedAt"
  FROM identity_conflicts ic
  JOIN partners p ON p.id = ic.partner_id
  JOIN trainees t ON t.id = ic.trainee_id`;

@Injectable()
export class IdentityConflictsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  listPage(filter: ConflictFilter, page: PageRequest): Promise<ConflictRow[]> {
    return this.ds.query(
      `${SELECT}
       WHERE ic.status = $1 AND ($2::uuid[] IS NULL OR ic.partner_id = ANY($2::uuid[]))
         AND ($3::bigint IS NULL OR ic.seq > $3::bigint)
       ORDER BY ic.seq LIMIT $4`,
      [filter.status, filter.partnerIds, page.afterSeq, page.limit + 1],
    );
  }

  async findById(id: string): Promise<ConflictRow | null> {
    const rows = (await this.ds.query(`${SELECT} WHERE ic.id = $1`, [id])) as ConflictRow[];
    return rows[0] ?? null;
  }

  /**
   * Closes an open conflict; with `supplied`, the conflicting fields of the record take the
   * supplied values. false when it was no longer open (another reconcile, or a roster, won).
   */
  async resolve(actor: Actor, id: string, keep: 'record' | 'supplied'): Promise<boolean> {
    const userId = actor.kind === 'user' ? actor.id : null;
    return this.ds.transaction(async (em) => {
      // In a CTE: a bare UPDATE … RETURNING comes back from TypeORM as [rows, count].
      const closed = (await em.query(
        `WITH closed AS (
           UPDATE identity_conflicts SET status = 'resolved', resolution = $2,
                  resolved_at = now(), resolved_by_user_id = $3, updated_at = now()
           WHERE id = $1 AND status = 'open'
           RETURNING trainee_id, columns)
         SELECT trainee_id AS "traineeId", columns FROM closed`,
        [id, keep, userId],
      )) as { traineeId: string; columns: string[] }[];
      const row = closed[0];
      if (!row) return false;
      if (keep === 'supplied') {
        const sets = IDENTITY_COLUMNS.map(
          (c) => `${c} = CASE WHEN '${c}' = ANY(ic.columns) THEN ic.${c} ELSE t.${c} END`,
        ).join(', ');
        await em.query(
          `UPDATE trainees t SET ${sets}, updated_at = now()
           FROM identity_conflicts ic WHERE ic.id = $1 AND t.id = ic.trainee_id`,
          [id],
        );
      }
      // A trainee is a person: the audit names the fields, never their values.
      await this.audit.append(em, {
        actor,
        action: keep === 'supplied' ? 'identity_reconciled' : 'identity_kept',
        entity: 'trainee',
        entityId: row.traineeId,
        changes: keep === 'supplied' ? row.columns.map((c) => ({ field: camelField(c) })) : [],
      });
      return true;
    });
  }
}

// Owns the programs and program_targets tables. It also reads (never writes) the tables that
// reference a program (cohorts, enrollments, certifications) to tell why a program cannot be
// deleted or lose a track: the cohorts module depends on this one, not the other way round.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { changedFields, initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';
import type { ProgramStatus, TargetDimension } from '../../core/rules';
import type { ProgramTarget } from './program-targets';

export interface ProgramRow {
  id: string;
  seq: string;
  code: string;
  name: string;
  partnerId: string;
  partnerCode: string;
  targetTrainees: number;
  targets: ProgramTarget[];
  tracks: string[];
  startsOn: string;
  endsOn: string;
  status: ProgramStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProgramListFilter {
  /** null = every partner. */
  scope: string[] | null;
  partnerCode?: string;
  status?: string;
  code?: string;
}

export interface NewProgram {
  code: string;
  name: string;
  partnerId: string;
  targetTrainees: number;
  tracks: string[];
  startsOn: string;
  endsOn: string;
  status: ProgramStatus;
}

export type ProgramChanges = Partial<
  Pick<NewProgram, 'name' | 'targetTrainees' | 'tracks' | 'startsOn' | 'endsOn' | 'status'>
>;

export interface ProgramDependents {
  cohorts: boolean;
  enrollments: boolean;
  certifications: boolean;
}

const SELECT_PROGRAM = `
  SELECT p.id, p.seq::text AS seq, p.code, p.name, p.partner_id AS "partnerId",
         pa.code AS "partnerCode", p.target_trainees AS "targetTrainees", p.tracks,
         p.starts_on::text AS "startsOn", p.ends_on::text AS "endsOn", p.status,
         p.created_at AS "createdAt", p.updated_at AS "updatedAt",
         coalesce((SELECT json_agg(json_build_object('dimension', t.dimension, 'key', t.key,
                                                     'target', t.target)
                                   ORDER BY t.dimension, t.key)
                   FROM program_targets t WHERE t.program_id = p.id), '[]'::json) AS targets
  FROM programs p
  JOIN partners pa ON pa.id = p.partner_id`;

/** Column of each changeable field; the only names that ever reach an UPDATE statement. */
const COLUMNS: Record<keyof ProgramChanges, string> = {
  name: 'name',
  targetTrainees: 'target_trainees',
  tracks: 'tracks',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  status: 'status',
};

@Injectable()
export class ProgramsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async findById(id: string): Promise<ProgramRow | null> {
    const rows: ProgramRow[] = await this.ds.query(`${SELECT_PROGRAM} WHERE p.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByCode(code: string): Promise<ProgramRow | null> {
    const rows: ProgramRow[] = await this.ds.query(`${SELECT_PROGRAM} WHERE p.code = $1`, [code]);
    return rows[0] ?? null;
  }

  /** Programs by code (unknown codes are simply absent), e.g. to resolve a roster's references. */
  findByCodes(codes: string[]): Promise<ProgramRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.ds.query(`${SELECT_PROGRAM} WHERE p.code = ANY($1::text[]) ORDER BY p.seq`, [
      codes,
    ]);
  }

  async codeExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM programs WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  listPage(filter: ProgramListFilter, page: PageRequest): Promise<ProgramRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (page.afterSeq !== null) where.push(`p.seq > ${bind(page.afterSeq)}::bigint`);
    if (filter.scope !== null) where.push(`p.partner_id = ANY(${bind(filter.scope)}::uuid[])`);
    if (filter.partnerCode) where.push(`pa.code = ${bind(filter.partnerCode)}`);
    if (filter.status) where.push(`p.status = ${bind(filter.status)}`);
    if (filter.code) where.push(`p.code = ${bind(filter.code)}`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.ds.query(
      `${SELECT_PROGRAM} ${clause} ORDER BY p.seq LIMIT ${bind(page.limit + 1)}`,
      params,
    );
  }

  /** Inserts the program and its sub-targets in one transaction; returns the new id. */
  insert(
    actor: Actor,
    program: NewProgram & { partnerCode: string },
    targets: ProgramTarget[],
  ): Promise<string> {
    const { partnerId: _partnerId, ...shown } = program;
    const changes = initialFields({ ...shown, targets });
    const draft = { actor, action: 'created', entity: 'program' as const, changes };
    return this.audit.write(
      draft,
      async (em) => {
        const rows: { id: string }[] = await em.query(
          `INSERT INTO programs (code, name, partner_id, target_trainees, tracks, starts_on, ends_on, status)
         VALUES ($1, $2, $3, $4, $5::text[], $6::date, $7::date, $8) RETURNING id`,
          [
            program.code,
            program.name,
            program.partnerId,
            program.targetTrainees,
            program.tracks,
            program.startsOn,
            program.endsOn,
            program.status,
          ],
        );
        const id = rows[0].id;
        await this.insertTargets(em, id, targets);
        return id;
      },
      { idOf: (id) => id },
    );
  }

  /**
   * Applies the given changes; `targets`, when given, replaces every sub-target. One
   * transaction, so a reader never sees the new target total with the old sub-targets.
   */
  async update(
    actor: Actor,
    before: ProgramRow,
    changes: ProgramChanges,
    targets?: ProgramTarget[],
  ): Promise<void> {
    const id = before.id;
    const audited = changedFields(before, {
      ...changes,
      targets,
    });
    const draft = {
      actor,
      action: 'updated',
      entity: 'program' as const,
      entityId: id,
      changes: audited,
    };
    await this.audit.write(
      draft,
      async (em) => {
        const params: unknown[] = [id];
        const sets: string[] = ['updated_at = now()'];
        for (const field of Object.keys(COLUMNS) as (keyof ProgramChanges)[]) {
          const value = changes[field];
          if (value === undefined) continue;
          params.push(value);
          const cast = field === 'tracks' ? '::text[]' : field.endsWith('On') ? '::date' : '';
          sets.push(`${COLUMNS[field]} = $${params.length}${cast}`);
        }
        await em.query(`UPDATE programs SET ${sets.join(', ')} WHERE id = $1`, params);
        if (targets !== undefined) {
          await em.query(`DELETE FROM program_targets WHERE program_id = $1`, [id]);
          await this.insertTargets(em, id, targets);
        }
      },
      { recorded: () => audited.length > 0 },
    );
  }

  /** Deletes the program (its sub-targets go with it); false when it no longer exists. */
  async delete(actor: Actor, id: string): Promise<boolean> {
    const draft = { actor, action: 'deleted', entity: 'program' as const, entityId: id };
    return this.audit.write(
      draft,
      async (em) => {
        // For DELETE, TypeORM's query() answers [rows, affected row count].
        const [, affected] = (await em.query(`DELETE FROM programs WHERE id = $1`, [id])) as [
          unknown[],
          number,
        ];
        return affected > 0;
      },
      { recorded: (deleted) => deleted },
    );
  }

  /** What still refers to the program; a program with any of these cannot be deleted. */
  async dependents(id: string): Promise<ProgramDependents> {
    const rows: ProgramDependents[] = await this.ds.query(
      `SELECT EXISTS (SELECT 1 FROM cohorts WHERE program_id = $1) AS cohorts,
              EXISTS (SELECT 1 FROM enrollments WHERE program_id = $1) AS enrollments,
              EXISTS (SELECT 1 FROM certifications WHERE program_id = $1) AS certifications`,
      [id],
    );
    return rows[0];
  }

  /** The distinct tracks the program's cohorts use (a program cannot drop one of these). */
  async cohortTracks(id: string): Promise<string[]> {
    const rows: { track: string }[] = await this.ds.query(
      `SELECT DISTINCT track FROM cohorts WHERE program_id = $1 ORDER BY track`,
      [id],
    );
    return rows.map((r) => r.track);
  }

  private async insertTargets(
    em: EntityManager,
    programId: string,
    targets: ProgramTarget[],
  ): Promise<void> {
    if (targets.length === 0) return;
    await em.query(
      `INSERT INTO program_targets (program_id, dimension, key, target)
       SELECT $1, d, k, t FROM unnest($2::text[], $3::text[], $4::int[]) AS x(d, k, t)`,
      [
        programId,
        targets.map((t) => t.dimension satisfies TargetDimension),
        targets.map((t) => t.key),
        targets.map((t) => t.target),
      ],
    );
  }
}

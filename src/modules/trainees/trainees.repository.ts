// Owns the trainees and trainee_contacts tables. "Visible" means: any trainee when the
// visibility has no partner list, otherwise a trainee holding an enrollment with one of those
// partners, or one the calling user created. Contacts are stored per supplying partner
// (partner_id NULL: supplied by staff through the API); who may read which is the service's.
import { shownSuppliedSql } from './supplied-identity';
import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { TraineeVisibility } from '../../core/auth/actor';
import { crlfRecordEnds } from '../../core/http/csv-line-ends';
import type { PageRequest } from '../../core/http/pagination';
import { EXPORT_SESSION, exportCopySql, type TraineeExportFilter } from './trainee-export';
import { TraineeEntity } from './trainee.entity';
import { cnicPrefixRange, containsPattern, type TraineeSearch } from './trainee-search';
import type { Actor } from '../../core/auth/actor';
import { initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';

export interface TraineeListFilter {
  visibility: TraineeVisibility;
  cnic?: string;
  province?: string;
  gender?: string;
  category?: string;
  /** A CNIC prefix or part of a name (see trainee-search). */
  search?: TraineeSearch;
  /** Only trainees enrolled in this program / cohort with a partner the visibility covers. */
  programCode?: string;
  cohortCode?: string;
  /**
   * A partner's list: filters and name search apply to the identity that partner reads (its
   * supplied values where they differ from the record), so no search or filter answers a
   * question about what another partner supplied.
   */
  readerPartnerId?: string;
}

export interface TraineeValues {
  cnic: string;
  fullName: string;
  gender: string;
  dateOfBirth: string | null;
  province: string | null;
  district: string | null;
  category: string;
}

export interface SuppliedIdentity {
  traineeId: string;
  fullName: string;
  gender: string;
  dateOfBirth: string | null;
  province: string | null;
  district: string | null;
  category: string | null;
}

export interface ContactRow {
  traineeId: string;
  partnerId: string | null;
  partnerCode: string | null;
  email: string | null;
  phone: string | null;
  updatedAt: Date;
}

/** A contact write: a field left undefined keeps what that supplier stored; null clears it. */
export interface ContactWrite {
  partnerId: string | null;
  email?: string | null;
  phone?: string | null;
}

const CONTACT_SET = `
  email = CASE WHEN $5 THEN EXCLUDED.email ELSE k.email END,
  phone = CASE WHEN $6 THEN EXCLUDED.phone ELSE k.phone END,
  updated_at = now()`;

const UPSERT_PARTNER_CONTACT = `
  INSERT INTO trainee_contacts AS k (trainee_id, partner_id, email, phone)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (trainee_id, partner_id) DO UPDATE SET ${CONTACT_SET}`;

const UPSERT_STAFF_CONTACT = `
  INSERT INTO trainee_contacts AS k (trainee_id, partner_id, email, phone)
  VALUES ($1, $2, $3, $4)
  ON CONFLICT (trainee_id) WHERE partner_id IS NULL DO UPDATE SET ${CONTACT_SET}`;

@Injectable()
export class TraineesRepository {
  constructor(
    @InjectRepository(TraineeEntity) private readonly trainees: Repository<TraineeEntity>,
    private readonly audit: AuditRepository,
  ) {}

  private inScope(
    qb: SelectQueryBuilder<TraineeEntity>,
    visibility: TraineeVisibility,
  ): SelectQueryBuilder<TraineeEntity> {
    if (visibility.partnerIds === null) return qb;
    return qb.andWhere(
      `(EXISTS (SELECT 1 FROM enrollments e
                WHERE e.trainee_id = t.id AND e.partner_id IN (:...scope))
        OR (CAST(:creatorId AS uuid) IS NOT NULL AND t.created_by_user_id = :creatorId))`,
      { scope: visibility.partnerIds, creatorId: visibility.creatorId },
    );
  }

  findById(id: string): Promise<TraineeEntity | null> {
    return this.trainees.findOneBy({ id });
  }

  findVisibleById(id: string, visibility: TraineeVisibility): Promise<TraineeEntity | null> {
    const qb = this.trainees.createQueryBuilder('t').where('t.id = :id', { id });
    return this.inScope(qb, visibility).getOne();
  }

  findByCnic(cnic: string): Promise<TraineeEntity | null> {
    return this.trainees.findOneBy({ cnic });
  }

  async existsByCnic(cnic: string, exceptId?: string): Promise<boolean> {
    const qb = this.trainees.createQueryBuilder('t').where('t.cnic = :cnic', { cnic });
    if (exceptId) qb.andWhere('t.id <> :exceptId', { exceptId });
    return qb.getExists();
  }

  listPage(filter: TraineeListFilter, page: PageRequest): Promise<TraineeEntity[]> {
    const qb = this.trainees
      .createQueryBuilder('t')
      .orderBy('t.seq', 'ASC')
      .limit(page.limit + 1);
    if (page.afterSeq !== null) qb.andWhere('t.seq > :after', { after: page.afterSeq });
    const reader = filter.readerPartnerId;
    if (reader !== undefined) {
      qb.leftJoin(
        'identity_conflicts',
        's',
        `s.trainee_id = t.id AND s.partner_id = :reader AND ${shownSuppliedSql('s')}`,
        { reader },
      );
    }
    // The column as the caller reads it: a partner's supplied value where it has one.
    const read = (column: string, fallback = 'NULL') =>
      reader === undefined
        ? `t.${column}`
        : `(CASE WHEN s.id IS NULL THEN t.${column} ELSE coalesce(s.${column}, ${fallback}) END)`;
    if (filter.cnic) qb.andWhere('t.cnic = :cnic', { cnic: filter.cnic });
    const { province, gender, category } = filter;
    if (province) qb.andWhere(`${read('province')} = :province`, { province });
    if (gender) qb.andWhere(`${read('gender')} = :gender`, { gender });
    if (category) qb.andWhere(`${read('category', "'youth'")} = :category`, { category });
    if (filter.search?.kind === 'cnic') {
      const [low, high] = cnicPrefixRange(filter.search.prefix);
      qb.andWhere('t.cnic BETWEEN :low AND :high', { low, high });
    } else if (filter.search?.kind === 'name') {
      const pattern = containsPattern(filter.search.text);
      // Served by trainees_full_name_trgm_idx (pg_trgm); the scope below is part of the same
      // WHERE, so a name is only ever matched among the trainees the caller may see.
      if (reader === undefined) {
        qb.andWhere('t.full_name ILIKE :pattern', { pattern });
      } else {
        // A partner matches the name it reads: the record's where it supplied none that
        // differs, else its own (the candidates are both sets, each found by its own index).
        qb.andWhere(
          `t.id IN (SELECT id FROM trainees WHERE full_name ILIKE :pattern
                    UNION SELECT s2.trainee_id FROM identity_conflicts s2
                    WHERE s2.partner_id = :reader AND s2.full_name ILIKE :pattern
                      AND ${shownSuppliedSql('s2')})
           AND ${read('full_name')} ILIKE :pattern`,
          { pattern },
        );
      }
    }
    if (filter.programCode || filter.cohortCode) {
      // The enrollment that matches must itself be visible: a partner filtering by another
      // partner's program learns nothing about the trainees they share.
      const scope = filter.visibility.partnerIds;
      qb.andWhere(
        `EXISTS (SELECT 1 FROM enrollments fe
                 JOIN programs fp ON fp.id = fe.program_id
                 JOIN cohorts fc ON fc.id = fe.cohort_id
                 WHERE fe.trainee_id = t.id
                   AND (CAST(:fProgram AS text) IS NULL OR fp.code = :fProgram)
                   AND (CAST(:fCohort AS text) IS NULL OR fc.code = :fCohort)
                   ${scope === null ? '' : 'AND fe.partner_id IN (:...fScope)'})`,
        {
          fProgram: filter.programCode ?? null,
          fCohort: filter.cohortCode ?? null,
          ...(scope === null ? {} : { fScope: scope }),
        },
      );
    }
    return this.inScope(qb, filter.visibility).getMany();
  }

  /**
   * The identity this partner supplied for these trainees where it reads that instead of the
   * record: an open conflict, or one staff closed by keeping the record (API.md).
   */
  async suppliedIdentitiesOf(traineeIds: string[], partnerId: string): Promise<SuppliedIdentity[]> {
    if (traineeIds.length === 0) return [];
    return this.trainees.query(
      `SELECT trainee_id AS "traineeId", full_name AS "fullName", gender,
              date_of_birth::text AS "dateOfBirth", province, district, category
       FROM identity_conflicts
       WHERE partner_id = $1 AND trainee_id = ANY($2::uuid[])
         AND ${shownSuppliedSql('')}`,
      [partnerId, traineeIds],
    );
  }

  /** Every stored contact of these trainees, newest first; the service decides who reads which. */
  async contactsOf(traineeIds: string[]): Promise<ContactRow[]> {
    if (traineeIds.length === 0) return [];
    return this.trainees.query(
      `SELECT k.trainee_id AS "traineeId", k.partner_id AS "partnerId", p.code AS "partnerCode",
              k.email, k.phone, k.updated_at AS "updatedAt"
       FROM trainee_contacts k LEFT JOIN partners p ON p.id = k.partner_id
       WHERE k.trainee_id = ANY($1::uuid[])
       ORDER BY k.updated_at DESC, p.code NULLS LAST`,
      [traineeIds],
    );
  }

  /**
   * Streams the export's rows, as CSV formatted by Postgres, into `sink` (which must keep up at
   * disk speed: the connection is held until the COPY ends). One statement: one snapshot.
   */
  async copyExport(filter: TraineeExportFilter, sink: Writable): Promise<void> {
    const runner = this.trainees.manager.connection.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await client.query('BEGIN READ ONLY');
      try {
        for (const setting of EXPORT_SESSION) await client.query(setting);
        await pipeline(client.query(copyTo(exportCopySql(filter))), crlfRecordEnds(), sink);
      } finally {
        // Ends the transaction whatever happened, so the settings never outlive it.
        await client.query('ROLLBACK');
      }
    } finally {
      await runner.release();
    }
  }

  /** The programs a trainee is enrolled in: their figures move when the trainee's data does. */
  async programIdsOf(traineeId: string): Promise<string[]> {
    const rows: { programId: string }[] = await this.trainees.query(
      'SELECT DISTINCT program_id AS "programId" FROM enrollments WHERE trainee_id = $1',
      [traineeId],
    );
    return rows.map((r) => r.programId);
  }

  /** The trainee and the contact it came with, in one transaction. */
  async insert(
    actor: Actor,
    values: TraineeValues,
    createdByUserId: string | null,
    contact: ContactWrite | null,
  ): Promise<TraineeEntity> {
    const id = await this.trainees.manager.transaction(async (m) => {
      const result = await m.insert(TraineeEntity, { ...values, createdByUserId });
      const newId = (result.identifiers[0] as { id: string }).id;
      if (contact) await this.writeContact(m, newId, contact);
      // A trainee is a person: the audit keeps field names only (see audit-changes).
      await this.audit.append(m, {
        actor,
        action: 'created',
        entity: 'trainee',
        entityId: newId,
        changes: initialFields({ ...values, email: contact?.email, phone: contact?.phone }),
      });
      return newId;
    });
    return (await this.findById(id)) as TraineeEntity;
  }

  /** Identity changes and one supplier's contact, in one transaction. */
  async update(
    actor: Actor,
    id: string,
    values: Partial<TraineeValues>,
    contact: ContactWrite | null,
  ): Promise<void> {
    const fields = [
      ...Object.keys(values),
      ...(contact?.email !== undefined ? ['email'] : []),
      ...(contact?.phone !== undefined ? ['phone'] : []),
    ];
    await this.trainees.manager.transaction(async (m) => {
      if (Object.keys(values).length > 0 || contact) {
        await m.update(TraineeEntity, { id }, { ...values, updatedAt: () => 'now()' });
      }
      if (contact) await this.writeContact(m, id, contact);
      if (fields.length > 0) {
        await this.audit.append(m, {
          actor,
          action: 'updated',
          entity: 'trainee',
          entityId: id,
          changes: fields.map((field) => ({ field })),
        });
      }
    });
  }

  private async writeContact(m: EntityManager, traineeId: string, c: ContactWrite): Promise<void> {
    if (c.email === undefined && c.phone === undefined) return;
    await m.query(c.partnerId === null ? UPSERT_STAFF_CONTACT : UPSERT_PARTNER_CONTACT, [
      traineeId,
      c.partnerId,
      c.email ?? null,
      c.phone ?? null,
      c.email !== undefined,
      c.phone !== undefined,
    ]);
    // A supplier whose contact is now empty has supplied none.
    await m.query(
      `DELETE FROM trainee_contacts
       WHERE trainee_id = $1 AND partner_id IS NOT DISTINCT FROM $2::uuid
         AND email IS NULL AND phone IS NULL`,
      [traineeId, c.partnerId],
    );
  }
}

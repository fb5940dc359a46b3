// Owns the trainees and trainee_contacts tables. "Visible" means: any trainee when the
// visibility has no partner list, otherwise a trainee holding an enrollment with one of those
// partners, or one the calling user created. Contacts are stored per supplying partner
// (partner_id NULL: supplied by staff through the API); who may read which is the service's.
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
import type { Actor } from '../../core/auth/actor';
import { initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';

export interface TraineeListFilter {
  visibility: TraineeVisibility;
  cnic?: string;
  province?: string;
  gender?: string;
  category?: string;
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
    if (filter.cnic) qb.andWhere('t.cnic = :cnic', { cnic: filter.cnic });
    if (filter.province) qb.andWhere('t.province = :province', { province: filter.province });
    if (filter.gender) qb.andWhere('t.gender = :gender', { gender: filter.gender });
    if (filter.category) qb.andWhere('t.category = :category', { category: filter.category });
    return this.inScope(qb, filter.visibility).getMany();
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

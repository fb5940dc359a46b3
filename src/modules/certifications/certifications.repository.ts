// Owns the certifications table. Reads join the program and partner so that answers carry both
// ids and codes, and the trainee's name for the public check (never its CNIC).
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { changedFields, initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';
import { CertificationEntity } from './certification.entity';

export interface CertificationRow {
  id: string;
  seq: string;
  traineeId: string;
  programId: string;
  programCode: string;
  partnerId: string;
  partnerCode: string;
  name: string;
  certificateNumber: string;
  issuedOn: string;
  expiresOn: string | null;
  verificationCode: string;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CertificationListFilter {
  scope: string[] | null;
  traineeId?: string;
  programCode?: string;
  cohortCode?: string;
  partnerCode?: string;
  revoked?: boolean;
}

/** What the public verification answer is built from; the CNIC is not even selected. */
export interface VerificationRow {
  holderName: string;
  certification: string;
  programName: string;
  partnerName: string;
  issuedOn: string;
  expiresOn: string | null;
  revokedAt: Date | null;
}

export interface CertificationValues {
  name: string;
  certificateNumber: string;
  issuedOn: string;
  expiresOn: string | null;
}

const SELECT_CERTIFICATION = `
  SELECT ce.id, ce.seq::text AS seq, ce.trainee_id AS "traineeId",
         ce.program_id AS "programId", pr.code AS "programCode",
         ce.partner_id AS "partnerId", pa.code AS "partnerCode",
         ce.name, ce.certificate_number AS "certificateNumber",
         to_char(ce.issued_on, 'YYYY-MM-DD') AS "issuedOn",
         to_char(ce.expires_on, 'YYYY-MM-DD') AS "expiresOn",
         ce.verification_code AS "verificationCode", ce.revoked_at AS "revokedAt",
         ce.created_at AS "createdAt", ce.updated_at AS "updatedAt"
  FROM certifications ce
  JOIN programs pr ON pr.id = ce.program_id
  JOIN partners pa ON pa.id = ce.partner_id`;

@Injectable()
export class CertificationsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectRepository(CertificationEntity)
    private readonly certifications: Repository<CertificationEntity>,
    private readonly audit: AuditRepository,
  ) {}

  async findById(id: string): Promise<CertificationRow | null> {
    const rows: CertificationRow[] = await this.ds.query(
      `${SELECT_CERTIFICATION} WHERE ce.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  numberTaken(partnerId: string, certificateNumber: string, exceptId?: string): Promise<boolean> {
    const qb = this.certifications
      .createQueryBuilder('ce')
      .where('ce.partner_id = :partnerId AND ce.certificate_number = :certificateNumber', {
        partnerId,
        certificateNumber,
      });
    if (exceptId) qb.andWhere('ce.id <> :exceptId', { exceptId });
    return qb.getExists();
  }

  listPage(filter: CertificationListFilter, page: PageRequest): Promise<CertificationRow[]> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (page.afterSeq !== null) where.push(`ce.seq > ${p(page.afterSeq)}::bigint`);
    if (filter.scope !== null) where.push(`ce.partner_id = ANY(${p(filter.scope)}::uuid[])`);
    if (filter.traineeId) where.push(`ce.trainee_id = ${p(filter.traineeId)}`);
    if (filter.programCode) where.push(`pr.code = ${p(filter.programCode)}`);
    if (filter.partnerCode) where.push(`pa.code = ${p(filter.partnerCode)}`);
    if (filter.cohortCode) {
      // The cohort's roster: a certificate of its program held by someone enrolled in it.
      where.push(`EXISTS (SELECT 1 FROM enrollments e JOIN cohorts co ON co.id = e.cohort_id
        WHERE e.trainee_id = ce.trainee_id AND e.program_id = ce.program_id
          AND co.code = ${p(filter.cohortCode)})`);
    }
    if (filter.revoked === true) where.push('ce.revoked_at IS NOT NULL');
    if (filter.revoked === false) where.push('ce.revoked_at IS NULL');
    const sql = `${SELECT_CERTIFICATION}
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ce.seq LIMIT ${p(page.limit + 1)}`;
    return this.ds.query(sql, params);
  }

  async insert(
    actor: Actor,
    values: CertificationValues & {
      traineeId: string;
      programId: string;
      partnerId: string;
      verificationCode: string;
    },
  ): Promise<string> {
    const changes = initialFields({
      traineeId: values.traineeId,
      name: values.name,
      certificateNumber: values.certificateNumber,
      issuedOn: values.issuedOn,
      expiresOn: values.expiresOn,
    });
    return this.audit.write(
      { actor, action: 'created', entity: 'certification', changes },
      async (em) => {
        const result = await em.getRepository(CertificationEntity).insert(values);
        return (result.identifiers[0] as { id: string }).id;
      },
      { idOf: (id) => id },
    );
  }

  async update(
    actor: Actor,
    before: CertificationRow,
    values: Partial<CertificationValues>,
  ): Promise<void> {
    const changes = changedFields(before, values);
    await this.audit.write(
      { actor, action: 'updated', entity: 'certification', entityId: before.id, changes },
      (em) =>
        em
          .getRepository(CertificationEntity)
          .update({ id: before.id }, { ...values, updatedAt: () => 'now()' }),
      { recorded: () => changes.length > 0 },
    );
  }

  /** Sets revokedAt once; revoking again keeps the first time. */
  async revoke(actor: Actor, id: string): Promise<void> {
    await this.audit.write(
      { actor, action: 'revoked', entity: 'certification', entityId: id },
      (em) =>
        em
          .getRepository(CertificationEntity)
          .createQueryBuilder()
          .update()
          .set({ revokedAt: () => 'now()', updatedAt: () => 'now()' })
          .where('id = :id AND revoked_at IS NULL', { id })
          .execute(),
      { recorded: (result) => (result.affected ?? 0) > 0 },
    );
  }

  async findForVerification(verificationCode: string): Promise<VerificationRow | null> {
    const rows: VerificationRow[] = await this.ds.query(
      `SELECT t.full_name AS "holderName", ce.name AS certification,
              pr.name AS "programName", pa.name AS "partnerName",
              to_char(ce.issued_on, 'YYYY-MM-DD') AS "issuedOn",
              to_char(ce.expires_on, 'YYYY-MM-DD') AS "expiresOn",
              ce.revoked_at AS "revokedAt"
       FROM certifications ce
       JOIN trainees t ON t.id = ce.trainee_id
       JOIN programs pr ON pr.id = ce.program_id
       JOIN partners pa ON pa.id = ce.partner_id
       WHERE ce.verification_code = $1`,
      [verificationCode],
    );
    return rows[0] ?? null;
  }
}

// Owns the trainees table. "Visible" means: any trainee when the scope is null, otherwise a
// trainee holding an enrollment with one of the scope's partners (joined from enrollments).
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import type { PageRequest } from '../../core/http/pagination';
import { TraineeEntity } from './trainee.entity';
import type { Actor } from '../../core/auth/actor';
import { initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';

export interface TraineeListFilter {
  scope: string[] | null;
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
  email: string | null;
  phone: string | null;
  category: string;
}

@Injectable()
export class TraineesRepository {
  constructor(
    @InjectRepository(TraineeEntity) private readonly trainees: Repository<TraineeEntity>,
    private readonly audit: AuditRepository,
  ) {}

  private inScope(
    qb: SelectQueryBuilder<TraineeEntity>,
    scope: string[] | null,
  ): SelectQueryBuilder<TraineeEntity> {
    if (scope === null) return qb;
    return qb.andWhere(
      `EXISTS (SELECT 1 FROM enrollments e
               WHERE e.trainee_id = t.id AND e.partner_id IN (:...scope))`,
      { scope },
    );
  }

  findById(id: string): Promise<TraineeEntity | null> {
    return this.trainees.findOneBy({ id });
  }

  findVisibleById(id: string, scope: string[] | null): Promise<TraineeEntity | null> {
    const qb = this.trainees.createQueryBuilder('t').where('t.id = :id', { id });
    return this.inScope(qb, scope).getOne();
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
    return this.inScope(qb, filter.scope).getMany();
  }

  /** The programs a trainee is enrolled in: their figures move when the trainee's data does. */
  async programIdsOf(traineeId: string): Promise<string[]> {
    const rows: { programId: string }[] = await this.trainees.query(
      'SELECT DISTINCT program_id AS "programId" FROM enrollments WHERE trainee_id = $1',
      [traineeId],
    );
    return rows.map((r) => r.programId);
  }

  async insert(actor: Actor, values: TraineeValues): Promise<TraineeEntity> {
    // A trainee is a person: the audit keeps field names only (see audit-changes).
    const draft = {
      actor,
      action: 'created',
      entity: 'trainee' as const,
      changes: initialFields(values),
    };
    const id = await this.audit.write(
      draft,
      async (em) => {
        const result = await em.getRepository(TraineeEntity).insert(values);
        return (result.identifiers[0] as { id: string }).id;
      },
      { idOf: (newId) => newId },
    );
    return (await this.findById(id)) as TraineeEntity;
  }

  async update(actor: Actor, id: string, values: Partial<TraineeValues>): Promise<void> {
    const changes = Object.keys(values).map((field) => ({ field }));
    await this.audit.write(
      { actor, action: 'updated', entity: 'trainee', entityId: id, changes },
      (em) =>
        em.getRepository(TraineeEntity).update({ id }, { ...values, updatedAt: () => 'now()' }),
    );
  }
}

// Trainees: one per CNIC in the whole system. Who sees which trainee comes from the actor:
// admins and unscoped coordinators see all, a scoped coordinator or a partner only trainees
// enrolled with its partners (anyone else's answers 404). Messages never carry personal data.
import { Injectable, Logger } from '@nestjs/common';
import { Actor, partnerScope } from '../../core/auth/actor';
import { DomainError } from '../../core/http/domain-error';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { cnicGenderWarning, type Gender } from '../../core/rules';
import type { TraineeEntity } from './trainee.entity';
import {
  CreateTraineeDto,
  FieldWarning,
  ListTraineesQuery,
  TraineeView,
  TraineeWriteView,
  UpdateTraineeDto,
} from './trainees.dto';
import { TraineesRepository, TraineeValues } from './trainees.repository';

export function toTraineeView(t: TraineeEntity): TraineeView {
  return {
    id: t.id,
    cnic: t.cnic,
    fullName: t.fullName,
    gender: t.gender,
    dateOfBirth: t.dateOfBirth,
    province: t.province,
    district: t.district,
    email: t.email,
    phone: t.phone,
    category: t.category,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** The trainee as written, with the gender/CNIC warning when the two disagree. */
export function withWarnings(t: TraineeEntity): TraineeWriteView {
  const warnings: FieldWarning[] = [];
  const mismatch = cnicGenderWarning(t.cnic, t.gender as Gender);
  if (mismatch) warnings.push({ field: 'gender', message: mismatch.message });
  const view: TraineeWriteView = toTraineeView(t);
  if (warnings.length > 0) view.warnings = warnings;
  return view;
}

const DUPLICATE_CNIC = 'A trainee with this CNIC already exists';

@Injectable()
export class TraineesService {
  private readonly logger = new Logger(TraineesService.name);

  constructor(
    private readonly trainees: TraineesRepository,
    private readonly jobs: JobDispatcher,
  ) {}

  async list(actor: Actor, query: ListTraineesQuery): Promise<Page<TraineeView>> {
    const page = pageRequest(query);
    const rows = await this.trainees.listPage(
      {
        scope: partnerScope(actor),
        cnic: query.cnic,
        province: query.province,
        gender: query.gender,
        category: query.category,
      },
      page,
    );
    return toPage(rows, page.limit, toTraineeView);
  }

  async findVisible(actor: Actor, id: string): Promise<TraineeEntity> {
    const trainee = await this.trainees.findVisibleById(id, partnerScope(actor));
    if (!trainee) throw DomainError.notFound('Trainee');
    return trainee;
  }

  async get(actor: Actor, id: string): Promise<TraineeView> {
    return toTraineeView(await this.findVisible(actor, id));
  }

  async create(actor: Actor, dto: CreateTraineeDto): Promise<TraineeWriteView> {
    if (await this.trainees.existsByCnic(dto.cnic)) {
      throw DomainError.conflict(DUPLICATE_CNIC, 'cnic');
    }
    const values: TraineeValues = {
      cnic: dto.cnic,
      fullName: dto.fullName,
      gender: dto.gender,
      dateOfBirth: dto.dateOfBirth ?? null,
      province: dto.province ?? null,
      district: dto.district || null,
      email: dto.email ?? null,
      phone: dto.phone ?? null,
      category: dto.category ?? 'youth',
    };
    return withWarnings(await this.trainees.insert(actor, values));
  }

  async update(actor: Actor, id: string, dto: UpdateTraineeDto): Promise<TraineeWriteView> {
    const trainee = await this.findVisible(actor, id);
    if (dto.cnic !== undefined && (await this.trainees.existsByCnic(dto.cnic, trainee.id))) {
      throw DomainError.conflict(DUPLICATE_CNIC, 'cnic');
    }
    const changes: Partial<TraineeValues> = {};
    if (dto.cnic !== undefined) changes.cnic = dto.cnic;
    if (dto.fullName !== undefined) changes.fullName = dto.fullName;
    if (dto.gender !== undefined) changes.gender = dto.gender;
    if (dto.dateOfBirth !== undefined) changes.dateOfBirth = dto.dateOfBirth;
    if (dto.province !== undefined) changes.province = dto.province;
    if (dto.district !== undefined) changes.district = dto.district || null;
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.phone !== undefined) changes.phone = dto.phone;
    if (dto.category !== undefined) changes.category = dto.category;
    if (Object.keys(changes).length > 0) await this.trainees.update(actor, trainee.id, changes);
    // Reports count women and group by the trainee's province: those figures follow the edit.
    if (changes.gender !== undefined || changes.province !== undefined) {
      await this.recomputeProgramsOf(trainee.id);
    }
    return withWarnings((await this.trainees.findById(trainee.id)) as TraineeEntity);
  }

  private async recomputeProgramsOf(traineeId: string): Promise<void> {
    for (const programId of await this.trainees.programIdsOf(traineeId)) {
      // The edit is stored: a queue hiccup must not turn it into an error answer (and a retry
      // into a 409); the next change or a full recompute brings the figures up to date.
      await this.jobs.enqueueRecompute(programId).catch((err: unknown) => {
        const name = err instanceof Error ? err.name : 'error';
        this.logger.warn(`could not enqueue recompute for program ${programId}: ${name}`);
      });
    }
  }
}

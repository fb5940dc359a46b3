// Enrollments: one per trainee per program, in a cohort of that program; the program and the
// partner follow from the cohort. Scoping comes from the actor: another partner's enrollment is
// not found, and a cohort outside the actor's partners is an unknown cohort (never a leak).
// Nothing is ever deleted: an enrollment that ends is dropped.
import { Injectable, Logger } from '@nestjs/common';
import { Actor, canSeePartner, partnerScope, traineeVisibility } from '../../core/auth/actor';
import { DomainError } from '../../core/http/domain-error';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { CohortsRepository, type CohortRow } from '../cohorts/cohorts.repository';
import { TraineesRepository } from '../trainees/trainees.repository';
import { nextEnrollmentState, todayUtc } from './enrollment-state';
import {
  CreateEnrollmentDto,
  EnrollmentView,
  ListEnrollmentsQuery,
  UpdateEnrollmentDto,
} from './enrollments.dto';
import { EnrollmentRow, EnrollmentsRepository } from './enrollments.repository';

export function toEnrollmentView(r: EnrollmentRow): EnrollmentView {
  return {
    id: r.id,
    traineeId: r.traineeId,
    cohortId: r.cohortId,
    cohortCode: r.cohortCode,
    programId: r.programId,
    programCode: r.programCode,
    partnerId: r.partnerId,
    partnerCode: r.partnerCode,
    externalId: r.externalId,
    status: r.status,
    progressPct: r.progressPct,
    enrolledOn: r.enrolledOn,
    completedOn: r.completedOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function unprocessable(field: string, message: string): DomainError {
  return new DomainError('domain_rule', message, [{ field, message }]);
}

@Injectable()
export class EnrollmentsService {
  private readonly logger = new Logger(EnrollmentsService.name);

  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly trainees: TraineesRepository,
    private readonly cohorts: CohortsRepository,
    private readonly jobs: JobDispatcher,
  ) {}

  async list(actor: Actor, query: ListEnrollmentsQuery): Promise<Page<EnrollmentView>> {
    const page = pageRequest(query);
    const rows = await this.enrollments.listPage(
      {
        scope: partnerScope(actor),
        traineeId: query.traineeId?.toLowerCase(),
        cohortCode: query.cohortCode,
        programCode: query.programCode,
        partnerCode: query.partnerCode,
        status: query.status,
        province: query.province,
      },
      page,
    );
    return toPage(rows, page.limit, toEnrollmentView);
  }

  async findVisible(actor: Actor, id: string): Promise<EnrollmentRow> {
    const row = await this.enrollments.findById(id);
    if (!row || !canSeePartner(actor, row.partnerId)) throw DomainError.notFound('Enrollment');
    return row;
  }

  async get(actor: Actor, id: string): Promise<EnrollmentView> {
    return toEnrollmentView(await this.findVisible(actor, id));
  }

  async create(actor: Actor, dto: CreateEnrollmentDto): Promise<EnrollmentView> {
    const cohort = await this.cohortInScope(actor, dto.cohortCode);
    const traineeId = dto.traineeId.toLowerCase();
    // Only a trainee the caller can already see: enrolling one would otherwise reveal it.
    if (!(await this.trainees.findVisibleById(traineeId, traineeVisibility(actor)))) {
      throw unprocessable('traineeId', 'unknown trainee');
    }
    if (await this.enrollments.existsForTraineeAndProgram(traineeId, cohort.programId)) {
      throw DomainError.conflict(
        `This trainee is already enrolled in program ${cohort.programCode}: change that enrollment instead`,
        'traineeId',
      );
    }
    const state = nextEnrollmentState(null, dto, todayUtc());
    const id = await this.enrollments.insert(actor, {
      traineeId,
      programId: cohort.programId,
      partnerId: cohort.partnerId,
      cohortId: cohort.id,
      externalId: dto.externalId || null,
      ...state,
    });
    await this.recompute(cohort.programId);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateEnrollmentDto): Promise<EnrollmentView> {
    const current = await this.findVisible(actor, id);
    let cohortId = current.cohortId;
    if (dto.cohortCode !== undefined && dto.cohortCode !== current.cohortCode) {
      const cohort = await this.cohortInScope(actor, dto.cohortCode);
      if (cohort.programId !== current.programId) {
        throw unprocessable(
          'cohortCode',
          `cohort ${cohort.code} belongs to another program: an enrollment moves only between cohorts of program ${current.programCode}`,
        );
      }
      cohortId = cohort.id;
    }
    const state = nextEnrollmentState(current, dto, todayUtc());
    const externalId = dto.externalId === undefined ? current.externalId : dto.externalId || null;
    const applied = await this.enrollments.updateIfStatus(actor, current, {
      cohortId,
      externalId,
      ...state,
    });
    if (!applied) {
      throw DomainError.conflict(
        'The enrollment changed while this request was processed: read it again and retry',
      );
    }
    await this.recompute(current.programId);
    return this.get(actor, id);
  }

  /** Enrollments carry history the reports count: they are dropped, never deleted. */
  async refuseDelete(actor: Actor, id: string): Promise<never> {
    await this.findVisible(actor, id);
    throw DomainError.conflict('Enrollments are never deleted: set status to dropped instead');
  }

  private async cohortInScope(actor: Actor, cohortCode: string): Promise<CohortRow> {
    const cohort = await this.cohorts.findByCode(cohortCode);
    if (!cohort || !canSeePartner(actor, cohort.partnerId)) {
      throw unprocessable('cohortCode', 'unknown cohort');
    }
    return cohort;
  }

  private async recompute(programId: string): Promise<void> {
    // The change is stored: a queue hiccup must not turn it into an error answer (and a retry
    // into a 409); the next change or a full recompute brings the figures up to date.
    await this.jobs.enqueueRecompute(programId).catch((err: unknown) => {
      const name = err instanceof Error ? err.name : 'error';
      this.logger.warn(`could not enqueue recompute for program ${programId}: ${name}`);
    });
  }
}

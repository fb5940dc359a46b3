// Enrollments: one per trainee per program, in a cohort of that program; the program and the
// partner follow from the cohort. Scoping comes from the actor: another partner's enrollment is
// not found, and a cohort outside the actor's partners is an unknown cohort (never a leak).
// Nothing is ever deleted: an enrollment that ends is dropped.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  Actor,
  canSeePartner,
  mayReadPersonalData,
  partnerScope,
  traineeVisibility,
} from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { CLOCK, type Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/http/domain-error';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { CohortsRepository, type CohortRow } from '../cohorts/cohorts.repository';
import { TraineesRepository } from '../trainees/trainees.repository';
import { nextEnrollmentState, type EnrollmentChange } from './enrollment-state';
import {
  BulkUpdateEnrollmentsDto,
  BulkUpdateEnrollmentsView,
  CreateEnrollmentDto,
  EnrollmentView,
  ListEnrollmentsQuery,
  UpdateEnrollmentDto,
} from './enrollments.dto';
import { EnrollmentRow, EnrollmentsRepository, type BulkDecision } from './enrollments.repository';

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

/** One enrollment of a bulk change: the single PATCH's rules, a refusal instead of a 422. */
export function decideBulk(
  current: EnrollmentRow,
  change: EnrollmentChange,
  today: string,
): BulkDecision {
  let next;
  try {
    next = nextEnrollmentState(current, change, today);
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'refused', reason: err.message };
    throw err;
  }
  if (
    next.status === current.status &&
    next.progressPct === current.progressPct &&
    next.completedOn === current.completedOn
  ) {
    return { kind: 'unchanged' };
  }
  return {
    kind: 'update',
    values: { status: next.status, progressPct: next.progressPct, completedOn: next.completedOn },
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
    @Inject(CLOCK) private readonly clock: Clock,
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
    // Every enrollment a caller may list is one of its partners', so its trainee is one the
    // caller may see: the name comes along (the ministry never reaches this list).
    const withTrainee = mayReadPersonalData(actor);
    return toPage(rows, page.limit, (r) => {
      const view = toEnrollmentView(r);
      if (withTrainee) view.trainee = { id: r.traineeId, fullName: r.traineeFullName };
      return view;
    });
  }

  async findVisible(actor: Actor, id: string): Promise<EnrollmentRow> {
    return findVisibleOr404(actor, 'Enrollment', this.enrollments.findById(id), byPartnerId);
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
    const state = nextEnrollmentState(null, dto, this.clock.today());
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
    const state = nextEnrollmentState(current, dto, this.clock.today());
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

  /**
   * `PATCH /cohorts/{code}/enrollments`: the rules of one PATCH applied to each named
   * enrollment of the cohort, all in one transaction with one audit event. An id that is not
   * this cohort's (another cohort's, another partner's, or none) is refused with one reason,
   * so nothing about it is revealed.
   */
  async updateInCohort(
    actor: Actor,
    cohortCode: string,
    dto: BulkUpdateEnrollmentsDto,
  ): Promise<BulkUpdateEnrollmentsView> {
    const cohort = await findVisibleOr404(
      actor,
      'Cohort',
      this.cohorts.findByCode(cohortCode),
      byPartnerId,
    );
    const change: EnrollmentChange = { status: dto.status };
    if (dto.completedOn !== undefined) change.completedOn = dto.completedOn;
    const today = this.clock.today();
    const ids = dto.ids.map((id) => id.toLowerCase());
    const outcome = await this.enrollments.updateInCohort(
      actor,
      cohort.id,
      ids,
      (current) => decideBulk(current, change, today),
      (o) => [
        { field: 'status', new: dto.status },
        ...(dto.completedOn !== undefined ? [{ field: 'completedOn', new: dto.completedOn }] : []),
        { field: 'updated', new: o.updated },
        { field: 'unchanged', new: o.unchanged },
        { field: 'rejected', new: o.refused.length },
      ],
    );
    if (outcome.updated > 0) await this.recompute(cohort.programId);
    return outcome;
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

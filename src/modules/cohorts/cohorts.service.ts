// Cohorts: scoped through their program's partner. Another partner's cohort is never found
// (404); a programCode the actor may not use reads as unknown (422), exactly like a code that
// does not exist. A cohort with enrollments is never deleted (409): that would lose them.
import { Injectable } from '@nestjs/common';
import { Actor, canSeePartner, partnerScope } from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { DomainError } from '../../core/http/domain-error';
import { UUID_PATTERN } from '../../core/http/id-param.pipe';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { COHORT_CODE_PATTERN } from '../../core/rules';
import { isForeignKeyViolation, isUniqueViolation } from '../../core/database/pg-errors';
import { matchTrack } from '../programs/program-targets';
import { ProgramsRepository } from '../programs/programs.repository';
import { ProgramsService } from '../programs/programs.service';
import { CohortView, CreateCohortDto, ListCohortsQuery, UpdateCohortDto } from './cohorts.dto';
import { CohortChanges, CohortRow, CohortsRepository } from './cohorts.repository';

function toView(c: CohortRow): CohortView {
  return {
    id: c.id,
    code: c.code,
    programId: c.programId,
    programCode: c.programCode,
    partnerId: c.partnerId,
    partnerCode: c.partnerCode,
    name: c.name,
    track: c.track,
    trainingCentre: c.trainingCentre,
    city: c.city,
    province: c.province,
    mode: c.mode,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    capacity: c.capacity,
    enrolledCount: c.enrolledCount,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The program's spelling of the track; any track when the program lists none. */
function programTrack(tracks: readonly string[], track: string): string {
  if (tracks.length === 0) return track;
  const match = matchTrack(tracks, track);
  if (match === null) {
    const message = `track must be one of the program's tracks: ${tracks.join(', ')}`;
    throw new DomainError('domain_rule', message, [{ field: 'track', message }]);
  }
  return match;
}

function checkDates(startsOn: string | null, endsOn: string | null): void {
  if (startsOn !== null && endsOn !== null && endsOn < startsOn) {
    throw new DomainError('domain_rule', 'endsOn is before startsOn', [
      { field: 'endsOn', message: 'endsOn must be on or after startsOn' },
    ]);
  }
}

@Injectable()
export class CohortsService {
  constructor(
    private readonly cohorts: CohortsRepository,
    private readonly programs: ProgramsService,
    private readonly programRows: ProgramsRepository,
  ) {}

  async list(actor: Actor, query: ListCohortsQuery): Promise<Page<CohortView>> {
    const page = pageRequest(query);
    if (query.partner && query.partnerCode && query.partner !== query.partnerCode) {
      return { items: [], nextCursor: null };
    }
    const rows = await this.cohorts.listPage(
      {
        scope: partnerScope(actor),
        programCode: query.programCode,
        partnerCode: query.partnerCode ?? query.partner,
        province: query.province,
        track: query.track,
        mode: query.mode,
        code: query.code,
      },
      page,
    );
    return toPage(rows, page.limit, toView);
  }

  /** A cohort by id or code as the actor may see it; anything else is not found (404). */
  async findVisible(actor: Actor, idOrCode: string): Promise<CohortRow> {
    const found = UUID_PATTERN.test(idOrCode)
      ? this.cohorts.findById(idOrCode.toLowerCase())
      : COHORT_CODE_PATTERN.test(idOrCode)
        ? this.cohorts.findByCode(idOrCode)
        : null;
    return findVisibleOr404(actor, 'Cohort', found, byPartnerId);
  }

  /**
   * A cohort named by code in a request body (enrollments...): null when it does not exist or
   * belongs to a partner the actor may not use, so callers answer both alike.
   */
  async findUsableByCode(actor: Actor, code: string): Promise<CohortRow | null> {
    const cohort = await this.cohorts.findByCode(code);
    return cohort && canSeePartner(actor, cohort.partnerId) ? cohort : null;
  }

  async get(actor: Actor, idOrCode: string): Promise<CohortView> {
    return toView(await this.findVisible(actor, idOrCode));
  }

  async create(actor: Actor, dto: CreateCohortDto): Promise<CohortView> {
    const program = await this.programs.findUsableByCode(actor, dto.programCode);
    if (!program) {
      throw new DomainError('domain_rule', `Unknown program ${dto.programCode}`, [
        { field: 'programCode', message: `unknown program ${dto.programCode}` },
      ]);
    }
    const track = programTrack(program.tracks, dto.track);
    checkDates(dto.startsOn ?? null, dto.endsOn ?? null);
    if (await this.cohorts.codeExists(dto.code)) throw this.duplicate(dto.code);
    let id: string;
    try {
      id = await this.cohorts.insert(
        actor,
        {
          code: dto.code,
          programId: program.id,
          name: dto.name,
          track,
          trainingCentre: dto.trainingCentre ?? null,
          city: dto.city ?? null,
          province: dto.province ?? null,
          mode: dto.mode ?? 'onsite',
          startsOn: dto.startsOn ?? null,
          endsOn: dto.endsOn ?? null,
          capacity: dto.capacity ?? null,
        },
        program.code,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw this.duplicate(dto.code);
      throw error;
    }
    return this.get(actor, id);
  }

  async update(actor: Actor, idOrCode: string, dto: UpdateCohortDto): Promise<CohortView> {
    const cohort = await this.findVisible(actor, idOrCode);
    let track: string | undefined;
    if (dto.track !== undefined) {
      const program = await this.programRows.findById(cohort.programId);
      track = programTrack(program?.tracks ?? [], dto.track);
    }
    checkDates(
      dto.startsOn !== undefined ? dto.startsOn : cohort.startsOn,
      dto.endsOn !== undefined ? dto.endsOn : cohort.endsOn,
    );
    const changes: CohortChanges = {
      name: dto.name,
      track,
      trainingCentre: dto.trainingCentre,
      city: dto.city,
      province: dto.province,
      mode: dto.mode,
      startsOn: dto.startsOn,
      endsOn: dto.endsOn,
      capacity: dto.capacity,
    };
    await this.cohorts.update(actor, cohort, changes);
    return this.get(actor, cohort.id);
  }

  async remove(actor: Actor, idOrCode: string): Promise<void> {
    const cohort = await this.findVisible(actor, idOrCode);
    if (await this.cohorts.hasEnrollments(cohort.id)) throw this.hasEnrollments(cohort.code);
    try {
      await this.cohorts.delete(actor, cohort.id);
    } catch (error) {
      // An enrollment written between the check and the delete.
      if (isForeignKeyViolation(error)) throw this.hasEnrollments(cohort.code);
      throw error;
    }
  }

  private duplicate(code: string): DomainError {
    return DomainError.conflict(`A cohort with code ${code} already exists`, 'code');
  }

  private hasEnrollments(code: string): DomainError {
    return DomainError.conflict(
      `Cohort ${code} has enrollments; deleting it would lose them. Move or remove its enrollments first.`,
    );
  }
}

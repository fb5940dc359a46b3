// Programs: partner scoping from the actor, the rules that span several fields (dates, tracks,
// sub-targets), and the "delete only what loses nothing" rule. Another partner's program is
// never found (404); a partner reference the actor may not use reads as unknown (422), the
// same answer as a code that does not exist, so neither reveals what exists.
import { Injectable } from '@nestjs/common';
import { Actor, canSeePartner, partnerScope } from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { DomainError, type FieldError } from '../../core/http/domain-error';
import { UUID_PATTERN } from '../../core/http/id-param.pipe';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { PROGRAM_CODE_PATTERN } from '../../core/rules';
import { PartnersRepository } from '../partners/partners.repository';
import { isForeignKeyViolation, isUniqueViolation } from '../../core/database/pg-errors';
import { checkTargets, matchTrack, type ProgramTarget, type TargetInput } from './program-targets';
import { CreateProgramDto, ListProgramsQuery, ProgramView, UpdateProgramDto } from './programs.dto';
import { ProgramChanges, ProgramRow, ProgramsRepository } from './programs.repository';

function toView(p: ProgramRow): ProgramView {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    partnerId: p.partnerId,
    partnerCode: p.partnerCode,
    targetTrainees: p.targetTrainees,
    targets: p.targets,
    tracks: p.tracks,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function domainRule(message: string, errors: FieldError[]): DomainError {
  return new DomainError('domain_rule', message, errors);
}

function checkDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) {
    throw domainRule('endsOn is before startsOn', [
      { field: 'endsOn', message: 'endsOn must be on or after startsOn' },
    ]);
  }
}

function checkedTargets(
  inputs: readonly TargetInput[],
  program: { targetTrainees: number; tracks: readonly string[] },
): ProgramTarget[] {
  const result = checkTargets(inputs, program);
  if (!result.ok) {
    throw domainRule(
      `Invalid sub-targets: ${result.errors.map((e) => e.message).join('; ')}`,
      result.errors,
    );
  }
  return result.targets;
}

@Injectable()
export class ProgramsService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly partners: PartnersRepository,
  ) {}

  async list(actor: Actor, query: ListProgramsQuery): Promise<Page<ProgramView>> {
    const page = pageRequest(query);
    if (query.partner && query.partnerCode && query.partner !== query.partnerCode) {
      return { items: [], nextCursor: null };
    }
    const rows = await this.programs.listPage(
      {
        scope: partnerScope(actor),
        partnerCode: query.partnerCode ?? query.partner,
        status: query.status,
        code: query.code,
      },
      page,
    );
    return toPage(rows, page.limit, toView);
  }

  /** A program by id or code as the actor may see it; anything else is not found (404). */
  async findVisible(actor: Actor, idOrCode: string): Promise<ProgramRow> {
    const found = UUID_PATTERN.test(idOrCode)
      ? this.programs.findById(idOrCode.toLowerCase())
      : PROGRAM_CODE_PATTERN.test(idOrCode)
        ? this.programs.findByCode(idOrCode)
        : null;
    return findVisibleOr404(actor, 'Program', found, byPartnerId);
  }

  /**
   * A program named by code in a request body (cohorts, enrollments...): null when it does not
   * exist or belongs to a partner the actor may not use, so callers answer both alike.
   */
  async findUsableByCode(actor: Actor, code: string): Promise<ProgramRow | null> {
    const program = await this.programs.findByCode(code);
    return program && canSeePartner(actor, program.partnerId) ? program : null;
  }

  async get(actor: Actor, idOrCode: string): Promise<ProgramView> {
    return toView(await this.findVisible(actor, idOrCode));
  }

  async create(actor: Actor, dto: CreateProgramDto): Promise<ProgramView> {
    const partner = await this.partners.findByCode(dto.partnerCode);
    if (!partner || !canSeePartner(actor, partner.id)) {
      throw domainRule(`Unknown partner ${dto.partnerCode}`, [
        { field: 'partnerCode', message: `unknown partner ${dto.partnerCode}` },
      ]);
    }
    checkDates(dto.startsOn, dto.endsOn);
    const tracks = dto.tracks ?? [];
    const targets = checkedTargets(dto.targets ?? [], {
      targetTrainees: dto.targetTrainees,
      tracks,
    });
    if (await this.programs.codeExists(dto.code)) throw this.duplicate(dto.code);
    let id: string;
    try {
      id = await this.programs.insert(
        actor,
        {
          code: dto.code,
          name: dto.name,
          partnerId: partner.id,
          partnerCode: partner.code,
          targetTrainees: dto.targetTrainees,
          tracks,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          status: dto.status ?? 'draft',
        },
        targets,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw this.duplicate(dto.code);
      throw error;
    }
    return this.get(actor, id);
  }

  async update(actor: Actor, idOrCode: string, dto: UpdateProgramDto): Promise<ProgramView> {
    const program = await this.findVisible(actor, idOrCode);
    const next = {
      startsOn: dto.startsOn ?? program.startsOn,
      endsOn: dto.endsOn ?? program.endsOn,
      targetTrainees: dto.targetTrainees ?? program.targetTrainees,
      tracks: dto.tracks ?? program.tracks,
    };
    checkDates(next.startsOn, next.endsOn);

    let targets: ProgramTarget[] | undefined;
    if (dto.targets !== undefined) {
      targets = checkedTargets(dto.targets, next);
    } else if (dto.targetTrainees !== undefined || dto.tracks !== undefined) {
      // The stored sub-targets must still fit the new total and tracks.
      const result = checkTargets(program.targets, next);
      if (!result.ok) {
        const reasons = result.errors.map((e) => e.message).join('; ');
        throw domainRule(`The program's current sub-targets would no longer fit: ${reasons}`, [
          {
            field: 'targets',
            message: `the current sub-targets would no longer fit (${reasons}); send targets as well`,
          },
        ]);
      }
      // Rewritten only so a renamed track keeps its sub-target under the new spelling.
      if (dto.tracks !== undefined) targets = result.targets;
    }
    if (dto.tracks !== undefined && next.tracks.length > 0) {
      const orphaned = (await this.programs.cohortTracks(program.id)).filter(
        (t) => matchTrack(next.tracks, t) === null,
      );
      if (orphaned.length > 0) {
        throw domainRule(`Cohorts of this program use tracks ${orphaned.join(', ')}`, [
          {
            field: 'tracks',
            message: `cohorts of this program use ${orphaned.join(', ')}: keep those tracks`,
          },
        ]);
      }
    }

    const changes: ProgramChanges = {
      name: dto.name,
      targetTrainees: dto.targetTrainees,
      tracks: dto.tracks,
      startsOn: dto.startsOn,
      endsOn: dto.endsOn,
      status: dto.status,
    };
    await this.programs.update(actor, program, changes, targets);
    return this.get(actor, program.id);
  }

  async remove(actor: Actor, idOrCode: string): Promise<void> {
    const program = await this.findVisible(actor, idOrCode);
    const deps = await this.programs.dependents(program.id);
    const held = [
      deps.cohorts ? 'cohorts' : null,
      deps.enrollments ? 'enrollments' : null,
      deps.certifications ? 'certifications' : null,
    ].filter((x): x is string => x !== null);
    if (held.length > 0) throw this.stillReferenced(program.code, held);
    try {
      await this.programs.delete(actor, program.id);
    } catch (error) {
      // A cohort created between the check and the delete.
      if (isForeignKeyViolation(error)) throw this.stillReferenced(program.code, ['cohorts']);
      throw error;
    }
  }

  private duplicate(code: string): DomainError {
    return DomainError.conflict(`A program with code ${code} already exists`, 'code');
  }

  private stillReferenced(code: string, held: string[]): DomainError {
    return DomainError.conflict(
      `Program ${code} still has ${held.join(', ')}; deleting it would lose them. ` +
        `Delete its cohorts first, or set its status to closed.`,
    );
  }
}

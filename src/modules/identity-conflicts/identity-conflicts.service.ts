// Reconciling shared trainees' identities (API.md, "A trainee shared by two partners"):
// coordinators within their partners and admins list what partners supplied differently from
// the national record, and keep the record or take the supplied values. Another partner's
// conflict answers 404, as every resource of a partner outside the caller's scope.
import { Injectable } from '@nestjs/common';
import { partnerScope, type Actor } from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { DomainError } from '../../core/http/domain-error';
import { type Page, pageRequest, toPage } from '../../core/http/pagination';
import { PartnersService } from '../partners/partners.service';
import { TraineesService } from '../trainees/trainees.service';
import type {
  IdentityConflictView,
  ListIdentityConflictsQuery,
  ResolveIdentityConflictDto,
} from './identity-conflicts.dto';
import {
  camelField,
  IdentityConflictsRepository,
  type ConflictRow,
} from './identity-conflicts.repository';

function toView(r: ConflictRow): IdentityConflictView {
  return {
    id: r.id,
    traineeId: r.traineeId,
    partnerCode: r.partnerCode,
    columns: r.columns.map(camelField),
    supplied: r.supplied,
    record: r.record,
    importId: r.importId,
    line: r.line,
    at: new Date(r.at).toISOString(),
    status: r.status,
    resolution: r.resolution,
    resolvedAt: r.resolvedAt ? new Date(r.resolvedAt).toISOString() : null,
  };
}

@Injectable()
export class IdentityConflictsService {
  constructor(
    private readonly conflicts: IdentityConflictsRepository,
    private readonly partners: PartnersService,
    private readonly trainees: TraineesService,
  ) {}

  async list(actor: Actor, query: ListIdentityConflictsQuery): Promise<Page<IdentityConflictView>> {
    const page = pageRequest(query);
    let partnerIds = partnerScope(actor);
    if (query.partner) partnerIds = [(await this.partners.findVisible(actor, query.partner)).id];
    const rows = await this.conflicts.listPage(
      { partnerIds, status: query.status ?? 'open' },
      page,
    );
    return toPage(rows, page.limit, toView);
  }

  async resolve(
    actor: Actor,
    id: string,
    dto: ResolveIdentityConflictDto,
  ): Promise<IdentityConflictView> {
    const conflict = this.conflicts.findById(id);
    const found = await findVisibleOr404(actor, 'Identity conflict', conflict, byPartnerId);
    if (!(await this.conflicts.resolve(actor, id, dto.keep))) {
      throw DomainError.conflict('this conflict is already resolved');
    }
    // A reconciled gender or province moves the figures of every program the trainee is in.
    if (dto.keep === 'supplied') await this.trainees.recomputeProgramsOf(found.traineeId);
    return toView((await this.conflicts.findById(id)) as ConflictRow);
  }
}

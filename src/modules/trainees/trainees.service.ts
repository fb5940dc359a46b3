// Trainees: one per CNIC in the whole system. Who sees which trainee comes from the actor:
// admins and unscoped coordinators see all, a scoped coordinator the trainees enrolled with its
// partners and those it created, a partner only trainees enrolled with it (anyone else's
// answers 404). Contacts are kept per supplying partner: a partner reads only its own, staff
// the contacts of the partners they cover. Messages never carry personal data.
import { Injectable, Logger } from '@nestjs/common';
import { Actor, actorUserId, partnerScope, traineeVisibility } from '../../core/auth/actor';
import { foundOr404 } from '../../core/auth/find-visible';
import { DomainError } from '../../core/http/domain-error';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { cnicGenderWarning, type Gender } from '../../core/rules';
import { PartnersService } from '../partners/partners.service';
import { parseTraineeSearch, type TraineeSearch } from './trainee-search';
import type { TraineeEntity } from './trainee.entity';
import {
  CreateTraineeDto,
  FieldWarning,
  ListTraineesQuery,
  TraineeContactView,
  TraineeView,
  TraineeWriteView,
  UpdateTraineeDto,
} from './trainees.dto';
import {
  TraineesRepository,
  type ContactRow,
  type ContactWrite,
  type SuppliedIdentity,
  type TraineeValues,
} from './trainees.repository';

/** The contacts of one trainee this actor may read (newest first, as stored rows come). */
export function readableContacts(
  actor: Actor,
  trainee: Pick<TraineeEntity, 'createdByUserId'>,
  contacts: ContactRow[],
): ContactRow[] {
  if (actor.kind === 'partner') return contacts.filter((c) => c.partnerId === actor.partnerId);
  const scope = partnerScope(actor);
  if (scope === null) return contacts;
  return contacts.filter((c) =>
    c.partnerId === null ? trainee.createdByUserId === actor.id : scope.includes(c.partnerId),
  );
}

/**
 * The identity an actor reads: the national record, except for a partner whose last supplied
 * identity differs from it, which reads only what it supplied (a field it left empty is null;
 * an empty category was the roster default, youth).
 */
function readableIdentity(t: TraineeEntity, supplied: SuppliedIdentity | undefined) {
  if (!supplied) return t;
  return { ...supplied, category: supplied.category ?? 'youth' };
}

export function toTraineeView(
  actor: Actor,
  t: TraineeEntity,
  allContacts: ContactRow[],
  supplied?: SuppliedIdentity,
): TraineeView {
  const contacts = readableContacts(actor, t, allContacts);
  const identity = readableIdentity(t, actor.kind === 'partner' ? supplied : undefined);
  const view: TraineeView = {
    id: t.id,
    cnic: t.cnic,
    fullName: identity.fullName,
    gender: identity.gender,
    dateOfBirth: identity.dateOfBirth,
    province: identity.province,
    district: identity.district,
    // Staff read the most recently supplied value of each field they may see.
    email: contacts.find((c) => c.email !== null)?.email ?? null,
    phone: contacts.find((c) => c.phone !== null)?.phone ?? null,
    category: identity.category,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
  if (actor.kind === 'user') {
    view.contacts = contacts.map((c): TraineeContactView => ({
      partnerCode: c.partnerCode,
      email: c.email,
      phone: c.phone,
      updatedAt: new Date(c.updatedAt).toISOString(),
    }));
  }
  return view;
}

function withWarnings(view: TraineeView): TraineeWriteView {
  const warnings: FieldWarning[] = [];
  const mismatch = cnicGenderWarning(view.cnic, view.gender as Gender);
  if (mismatch) warnings.push({ field: 'gender', message: mismatch.message });
  const out: TraineeWriteView = view;
  if (warnings.length > 0) out.warnings = warnings;
  return out;
}

/** The DTO refused an invalid `q` already; this keeps the service safe on its own. */
function searchOf(q: string): TraineeSearch {
  const search = parseTraineeSearch(q);
  if (search.kind === 'invalid') throw DomainError.validation('q', search.message);
  return search;
}

const DUPLICATE_CNIC = 'A trainee with this CNIC already exists';

@Injectable()
export class TraineesService {
  private readonly logger = new Logger(TraineesService.name);

  constructor(
    private readonly trainees: TraineesRepository,
    private readonly partners: PartnersService,
    private readonly jobs: JobDispatcher,
  ) {}

  async list(actor: Actor, query: ListTraineesQuery): Promise<Page<TraineeView>> {
    const page = pageRequest(query);
    const rows = await this.trainees.listPage(
      {
        visibility: traineeVisibility(actor),
        cnic: query.cnic,
        province: query.province,
        gender: query.gender,
        category: query.category,
        search: query.q === undefined ? undefined : searchOf(query.q),
        programCode: query.programCode,
        cohortCode: query.cohortCode,
        readerPartnerId: actor.kind === 'partner' ? actor.partnerId : undefined,
      },
      page,
    );
    // One query for the whole page's contacts (and supplied identities), never one per trainee.
    const ids = rows.slice(0, page.limit).map((r) => r.id);
    const contacts = await this.trainees.contactsOf(ids);
    const supplied = await this.suppliedOf(actor, ids);
    return toPage(rows, page.limit, (t) =>
      toTraineeView(
        actor,
        t,
        contacts.filter((c) => c.traineeId === t.id),
        supplied.get(t.id),
      ),
    );
  }

  async findVisible(actor: Actor, id: string): Promise<TraineeEntity> {
    // Scoped in the query: a trainee is visible through its enrollments or its creator.
    return foundOr404('Trainee', this.trainees.findVisibleById(id, traineeVisibility(actor)));
  }

  async get(actor: Actor, id: string): Promise<TraineeView> {
    return this.view(actor, await this.findVisible(actor, id));
  }

  async create(actor: Actor, dto: CreateTraineeDto): Promise<TraineeWriteView> {
    await this.refuseKnownCnic(actor, dto.cnic);
    const values: TraineeValues = {
      cnic: dto.cnic,
      fullName: dto.fullName,
      gender: dto.gender,
      dateOfBirth: dto.dateOfBirth ?? null,
      province: dto.province ?? null,
      district: dto.district || null,
      category: dto.category ?? 'youth',
    };
    const contact = await this.contactWrite(actor, dto);
    const creator = actorUserId(actor);
    const trainee = await this.trainees
      .insert(actor, values, creator, contact)
      .catch(async (err) => {
        // Two creates of one CNIC in parallel: the loser answers like the sequential case.
        await this.refuseKnownCnic(actor, dto.cnic);
        throw err;
      });
    return withWarnings(await this.view(actor, trainee));
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
    if (dto.category !== undefined) changes.category = dto.category;
    await this.trainees.update(actor, trainee.id, changes, await this.contactWrite(actor, dto));
    // Reports count women and group by the trainee's province: those figures follow the edit.
    if (changes.gender !== undefined || changes.province !== undefined) {
      await this.recomputeProgramsOf(trainee.id);
    }
    const stored = (await this.trainees.findById(trainee.id)) as TraineeEntity;
    return withWarnings(await this.view(actor, stored));
  }

  private async view(actor: Actor, t: TraineeEntity): Promise<TraineeView> {
    const supplied = await this.suppliedOf(actor, [t.id]);
    return toTraineeView(actor, t, await this.trainees.contactsOf([t.id]), supplied.get(t.id));
  }

  /** Only a partner reads its supplied identity; staff always read the record. */
  private async suppliedOf(actor: Actor, ids: string[]): Promise<Map<string, SuppliedIdentity>> {
    if (actor.kind !== 'partner') return new Map();
    const rows = await this.trainees.suppliedIdentitiesOf(ids, actor.partnerId);
    return new Map(rows.map((r) => [r.traineeId, r]));
  }

  /** That a CNIC is known is not secret; the existing trainee's id is, unless the caller sees it. */
  private async refuseKnownCnic(actor: Actor, cnic: string): Promise<void> {
    const existing = await this.trainees.findByCnic(cnic);
    if (!existing) return;
    const visible = await this.trainees.findVisibleById(existing.id, traineeVisibility(actor));
    throw new DomainError(
      'conflict',
      DUPLICATE_CNIC,
      [{ field: 'cnic', message: DUPLICATE_CNIC }],
      undefined,
      visible ? { existingId: existing.id } : undefined,
    );
  }

  /**
   * Whose contact a staff write is: `contactPartnerCode` when given (a partner the caller
   * covers), else the coordinator's only partner, else a staff-supplied contact.
   */
  private async contactWrite(
    actor: Actor,
    dto: CreateTraineeDto | UpdateTraineeDto,
  ): Promise<ContactWrite | null> {
    if (dto.email === undefined && dto.phone === undefined) {
      if (dto.contactPartnerCode !== undefined) {
        throw DomainError.validation('contactPartnerCode', 'give email or phone with it');
      }
      return null;
    }
    let partnerId: string | null = null;
    if (dto.contactPartnerCode !== undefined) {
      const partner = await this.partners.findVisible(actor, dto.contactPartnerCode).catch(() => {
        throw new DomainError('domain_rule', 'unknown partner', [
          { field: 'contactPartnerCode', message: 'unknown partner' },
        ]);
      });
      partnerId = partner.id;
    } else {
      const scope = partnerScope(actor);
      if (scope !== null && scope.length === 1) partnerId = scope[0];
    }
    return { partnerId, email: dto.email, phone: dto.phone };
  }

  /** Queues a recompute of every program the trainee is enrolled in (its figures moved). */
  async recomputeProgramsOf(traineeId: string): Promise<void> {
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

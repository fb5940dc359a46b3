// Certifications: awarded to a trainee for a program it is enrolled in; the partner follows from
// the program and the certificate number is unique per partner. Each carries a random public
// verification code; the public answer masks the holder's name and never shows the CNIC.
// A revocation is final (a certificate found to be wrong is revoked and a new one issued).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Actor, canSeePartner, partnerScope } from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { CLOCK, type Clock } from '../../core/clock/clock';
import { DomainError } from '../../core/http/domain-error';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { JobDispatcher } from '../../core/queue/job-dispatcher';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository';
import { ProgramsRepository } from '../programs/programs.repository';
import {
  CertificateVerificationView,
  CertificationView,
  CreateCertificationDto,
  ListCertificationsQuery,
  UpdateCertificationDto,
} from './certifications.dto';
import {
  CertificationRow,
  CertificationsRepository,
  CertificationValues,
} from './certifications.repository';
import { maskHolderName } from './holder-name';
import { newVerificationCode, VERIFICATION_CODE_PATTERN } from './verification-code';

export function toCertificationView(r: CertificationRow): CertificationView {
  return {
    id: r.id,
    traineeId: r.traineeId,
    programId: r.programId,
    programCode: r.programCode,
    partnerId: r.partnerId,
    partnerCode: r.partnerCode,
    name: r.name,
    certificateNumber: r.certificateNumber,
    issuedOn: r.issuedOn,
    expiresOn: r.expiresOn,
    verificationCode: r.verificationCode,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function unprocessable(field: string, message: string): DomainError {
  return new DomainError('domain_rule', message, [{ field, message }]);
}

const NUMBER_TAKEN = "This certificate number is already used by the program's partner";

function checkDates(issuedOn: string, expiresOn: string | null): void {
  if (expiresOn !== null && expiresOn < issuedOn) {
    throw unprocessable('expiresOn', 'expiresOn cannot be before issuedOn');
  }
}

@Injectable()
export class CertificationsService {
  private readonly logger = new Logger(CertificationsService.name);

  constructor(
    private readonly certifications: CertificationsRepository,
    private readonly enrollments: EnrollmentsRepository,
    private readonly programs: ProgramsRepository,
    private readonly jobs: JobDispatcher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: ListCertificationsQuery): Promise<Page<CertificationView>> {
    const page = pageRequest(query);
    const rows = await this.certifications.listPage(
      {
        scope: partnerScope(actor),
        traineeId: query.traineeId?.toLowerCase(),
        programCode: query.programCode,
        cohortCode: query.cohortCode,
        partnerCode: query.partnerCode,
        revoked: query.revoked === undefined ? undefined : query.revoked === 'true',
      },
      page,
    );
    return toPage(rows, page.limit, toCertificationView);
  }

  async findVisible(actor: Actor, id: string): Promise<CertificationRow> {
    return findVisibleOr404(actor, 'Certification', this.certifications.findById(id), byPartnerId);
  }

  async get(actor: Actor, id: string): Promise<CertificationView> {
    return toCertificationView(await this.findVisible(actor, id));
  }

  async create(actor: Actor, dto: CreateCertificationDto): Promise<CertificationView> {
    const program = await this.programs.findByCode(dto.programCode);
    if (!program || !canSeePartner(actor, program.partnerId)) {
      throw unprocessable('programCode', 'unknown program');
    }
    const traineeId = dto.traineeId.toLowerCase();
    if (!(await this.enrollments.existsForTraineeAndProgram(traineeId, program.id))) {
      throw unprocessable(
        'traineeId',
        `the trainee has no enrollment in program ${program.code}: enroll it first`,
      );
    }
    const expiresOn = dto.expiresOn ?? null;
    checkDates(dto.issuedOn, expiresOn);
    if (await this.certifications.numberTaken(program.partnerId, dto.certificateNumber)) {
      throw DomainError.conflict(NUMBER_TAKEN, 'certificateNumber');
    }
    const id = await this.certifications.insert(actor, {
      traineeId,
      programId: program.id,
      partnerId: program.partnerId,
      name: dto.name,
      certificateNumber: dto.certificateNumber,
      issuedOn: dto.issuedOn,
      expiresOn,
      verificationCode: newVerificationCode(),
    });
    await this.recompute(program.id);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateCertificationDto): Promise<CertificationView> {
    const current = await this.findVisible(actor, id);
    if (dto.revoked === false && current.revokedAt !== null) {
      throw unprocessable('revoked', 'a revocation is final: issue a new certificate instead');
    }
    if (
      dto.certificateNumber !== undefined &&
      (await this.certifications.numberTaken(current.partnerId, dto.certificateNumber, current.id))
    ) {
      throw DomainError.conflict(NUMBER_TAKEN, 'certificateNumber');
    }
    checkDates(
      dto.issuedOn ?? current.issuedOn,
      dto.expiresOn === undefined ? current.expiresOn : dto.expiresOn,
    );
    const changes: Partial<CertificationValues> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.certificateNumber !== undefined) changes.certificateNumber = dto.certificateNumber;
    if (dto.issuedOn !== undefined) changes.issuedOn = dto.issuedOn;
    if (dto.expiresOn !== undefined) changes.expiresOn = dto.expiresOn;
    if (Object.keys(changes).length > 0) {
      await this.certifications.update(actor, current, changes);
    }
    if (dto.revoked === true) await this.certifications.revoke(actor, current.id);
    await this.recompute(current.programId);
    return this.get(actor, id);
  }

  async revoke(actor: Actor, id: string): Promise<CertificationView> {
    const current = await this.findVisible(actor, id);
    await this.certifications.revoke(actor, current.id);
    await this.recompute(current.programId);
    return this.get(actor, id);
  }

  /** The public check. An unknown or malformed code is simply not found. */
  async verify(verificationCode: string): Promise<CertificateVerificationView> {
    const row = VERIFICATION_CODE_PATTERN.test(verificationCode)
      ? await this.certifications.findForVerification(verificationCode)
      : null;
    if (!row) throw DomainError.notFound('Certificate');
    const revoked = row.revokedAt !== null;
    const expired = row.expiresOn !== null && row.expiresOn < this.clock.today();
    return {
      valid: !revoked && !expired,
      name: maskHolderName(row.holderName),
      certification: row.certification,
      programName: row.programName,
      partnerName: row.partnerName,
      issuedOn: row.issuedOn,
      expiresOn: row.expiresOn,
      revoked,
    };
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

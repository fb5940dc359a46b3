// Builders for trainees, enrollments and certifications, through the public API as a
// coordinator would create them.
import { randomInt } from 'node:crypto';
import type { TestApp } from '../helpers/test-app';
import { bearer } from '../helpers/test-app';
import { createPartner, type TestPartner } from './actors';
import { createCohort, createProgram } from './catalog';

export interface PartnerCatalog {
  partner: TestPartner;
  programCode: string;
  programId: string;
  cohortCode: string;
  cohortId: string;
}

/** A partner with an API key, one program and one cohort: somewhere to enroll trainees. */
export async function createPartnerWithCohort(t: TestApp): Promise<PartnerCatalog> {
  const partner = await createPartner(t);
  const program = await createProgram(t, { partnerCode: partner.code });
  const cohort = await createCohort(t, { programCode: program.code });
  return {
    partner,
    programCode: program.code,
    programId: program.id,
    cohortCode: cohort.code,
    cohortId: cohort.id,
  };
}

/**
 * A fresh 13-digit CNIC whose last digit agrees with the gender (even for women, odd for men),
 * so no gender warning is raised unless a test asks for one.
 */
export function uniqueCnic(gender: 'female' | 'male' = 'female'): string {
  let digits = '';
  for (let i = 0; i < 12; i++) digits += String(randomInt(10));
  const last = randomInt(5) * 2 + (gender === 'male' ? 1 : 0);
  return `${digits}${last}`;
}

/** The same CNIC written the way people type it: 35202-1234567-1. */
export function dashedCnic(cnic: string): string {
  return `${cnic.slice(0, 5)}-${cnic.slice(5, 12)}-${cnic.slice(12)}`;
}

export interface TraineeBody {
  id: string;
  cnic: string;
  fullName: string;
  gender: string;
  dateOfBirth: string | null;
  province: string | null;
  district: string | null;
  email: string | null;
  phone: string | null;
  category: string;
  createdAt: string;
  updatedAt: string;
  warnings?: { field: string; message: string }[];
}

export async function createTrainee(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  token = t.adminToken,
): Promise<TraineeBody> {
  const gender = overrides.gender === 'male' ? 'male' : 'female';
  const res = await t
    .http()
    .post('/api/v1/trainees')
    .set(bearer(token))
    .send({
      cnic: uniqueCnic(gender),
      fullName: 'Ayesha Siddiqa Khan',
      gender,
      dateOfBirth: '2001-04-17',
      province: 'PB',
      district: 'Lahore',
      email: 'ayesha@example.pk',
      phone: '03001234567',
      ...overrides,
    });
  if (res.status !== 201) {
    throw new Error(`create trainee: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as TraineeBody;
}

export interface EnrollmentBody {
  id: string;
  traineeId: string;
  cohortId: string;
  cohortCode: string;
  programId: string;
  programCode: string;
  partnerId: string;
  partnerCode: string;
  externalId: string | null;
  status: string;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export async function createEnrollment(
  t: TestApp,
  input: { traineeId: string; cohortCode: string } & Record<string, unknown>,
  token = t.adminToken,
): Promise<EnrollmentBody> {
  const res = await t
    .http()
    .post('/api/v1/enrollments')
    .set(bearer(token))
    .send({ enrolledOn: '2026-02-01', ...input });
  if (res.status !== 201) {
    throw new Error(`create enrollment: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as EnrollmentBody;
}

export interface CertificationBody {
  id: string;
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
  revokedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

let certificateSeq = 0;

export async function createCertification(
  t: TestApp,
  input: { traineeId: string; programCode: string } & Record<string, unknown>,
  token = t.adminToken,
): Promise<CertificationBody> {
  certificateSeq += 1;
  const res = await t
    .http()
    .post('/api/v1/certifications')
    .set(bearer(token))
    .send({
      name: 'HCIA-AI',
      certificateNumber: `CERT-${Date.now()}-${certificateSeq}`,
      issuedOn: '2026-06-30',
      ...input,
    });
  if (res.status !== 201) {
    throw new Error(`create certification: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as CertificationBody;
}

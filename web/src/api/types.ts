// Response types. Where the OpenAPI document already describes a response, the type comes from
// the api's generated schema (`npm run gen:api-types`, shared with the e2e tests); where it does
// not yet (lists, trainees, enrollments, certifications, imports, the login answer), a small
// local type declared here mirrors API.md until the document names them. Request bodies all
// come from the schema.
import type { components } from '../../../openapi/schema';

type Schemas = components['schemas'];

export type Program = Schemas['ProgramView'];
export type Cohort = Schemas['CohortView'];
export type TargetRow = Schemas['TargetRowView'];
export type TargetsReport = Schemas['TargetsReportView'];
export type NationalReport = Schemas['NationalReportView'];
export type Timeseries = Schemas['TimeseriesView'];
export type CertificateCheck = Schemas['CertificateVerificationView'];

export type CreateProgram = Schemas['CreateProgramDto'];
export type UpdateProgram = Schemas['UpdateProgramDto'];
export type CreateCohort = Schemas['CreateCohortDto'];
export type UpdateCohort = Schemas['UpdateCohortDto'];
export type CreateTrainee = Schemas['CreateTraineeDto'];
export type UpdateTrainee = Schemas['UpdateTraineeDto'];
export type CreateEnrollment = Schemas['CreateEnrollmentDto'];
export type UpdateEnrollment = Schemas['UpdateEnrollmentDto'];
export type CreateCertification = Schemas['CreateCertificationDto'];
export type CreatePartner = Schemas['CreatePartnerDto'];
export type CreateUser = Schemas['CreateUserDto'];
export type UpdateUser = Schemas['UpdateUserDto'];
export type CreateWebhook = Schemas['CreateWebhookDto'];

export type Partner = Schemas['PartnerView'];
export type ApiKey = Schemas['ApiKeyView'];
export type CreatedApiKey = Schemas['CreatedApiKeyView'];
export type User = Schemas['UserView'];
export type UserRole = User['role'];
export type Webhook = Schemas['WebhookView'];
export type CreatedWebhook = Schemas['CreatedWebhookView'];
export type Delivery = Schemas['DeliveryView'];

// ---- Local until the OpenAPI document describes them ----

/** Every list: `{items, nextCursor}` (keyset paging). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: 'admin' | 'coordinator' | 'ministry' | 'partner' };
}

export interface Trainee {
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
}

/** The answer to POST /trainees: the trainee, with warnings (gender against the CNIC). */
export type TraineeWritten = Schemas['TraineeWriteView'];

export type EnrollmentStatus = 'enrolled' | 'active' | 'completed' | 'dropped';

export interface Enrollment {
  id: string;
  traineeId: string;
  cohortCode: string;
  programCode: string;
  partnerCode: string;
  externalId: string | null;
  status: EnrollmentStatus;
  progressPct: number;
  enrolledOn: string;
  completedOn: string | null;
}

export interface Certification {
  id: string;
  traineeId: string;
  programCode: string;
  partnerCode: string;
  name: string;
  certificateNumber: string;
  issuedOn: string;
  expiresOn: string | null;
  verificationCode: string;
  revokedAt: string | null;
}

export type ImportStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  partnerCode: string;
  status: ImportStatus;
  filename: string | null;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  startedAt: string | null;
  finishedAt: string | null;
  failureReason?: string;
  dryRun: boolean;
  sizeBytes: number;
  createdAt: string;
  duplicateOf?: { importId: string; message: string };
}

/** One line of GET /imports/{id}/errors (CSV: line,column,code,severity,message). */
export interface ImportProblem {
  line: number;
  column: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

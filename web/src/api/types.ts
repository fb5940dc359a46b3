// Every request and response type comes from the api's generated schema (`npm run
// gen:api-types`, shared with the e2e tests): no hand-written copy that could drift.
import type { components } from '../../../openapi/schema';

export type Schemas = components['schemas'];

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

export type LoginAnswer = Schemas['LoginView'];
export type Trainee = Schemas['TraineeView'];
/** The answer to POST /trainees: the trainee, with warnings (gender against the CNIC). */
export type TraineeWritten = Schemas['TraineeWriteView'];
export type Enrollment = Schemas['EnrollmentView'];
export type EnrollmentStatus = Enrollment['status'];
export type Certification = Schemas['CertificationView'];
export type ImportJob = Schemas['ImportView'];
export type ImportStatus = ImportJob['status'];
export type AuditEvent = Schemas['AuditEventView'];

/** Every list: `{items, nextCursor}` (keyset paging); the generic shape, not a resource. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// Builders for programs and cohorts, through the public API as a coordinator would create them.
import type { TestApp } from '../helpers/test-app';
import { bearer } from '../helpers/test-app';
import { uniqueCode } from './actors';

export interface ProgramInput {
  code?: string;
  name?: string;
  partnerCode: string;
  targetTrainees?: number;
  targets?: { dimension: 'province' | 'gender' | 'track'; key: string; target: number }[];
  tracks?: string[];
  startsOn?: string;
  endsOn?: string;
  status?: 'draft' | 'active' | 'closed';
}

export interface CreatedProgram {
  id: string;
  code: string;
  partnerCode: string;
}

export async function createProgram(
  t: TestApp,
  input: ProgramInput,
  token = t.adminToken,
): Promise<CreatedProgram> {
  const code = input.code ?? uniqueCode('PRG');
  const res = await t
    .http()
    .post('/api/v1/programs')
    .set(bearer(token))
    .send({
      code,
      name: input.name ?? `Program ${code}`,
      partnerCode: input.partnerCode,
      targetTrainees: input.targetTrainees ?? 1000,
      tracks: input.tracks ?? ['AI', 'Cloud'],
      startsOn: input.startsOn ?? '2026-01-01',
      endsOn: input.endsOn ?? '2027-12-31',
      status: input.status ?? 'active',
      ...(input.targets ? { targets: input.targets } : {}),
    });
  if (res.status !== 201)
    throw new Error(`create program: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: string }).id, code, partnerCode: input.partnerCode };
}

export interface CohortInput {
  code?: string;
  programCode: string;
  name?: string;
  track?: string;
  trainingCentre?: string;
  city?: string;
  province?: string;
  mode?: 'onsite' | 'online' | 'hybrid';
  startsOn?: string;
  endsOn?: string;
  capacity?: number;
}

export async function createCohort(
  t: TestApp,
  input: CohortInput,
  token = t.adminToken,
): Promise<{ id: string; code: string; programCode: string }> {
  const code = input.code ?? uniqueCode('CH');
  const res = await t
    .http()
    .post('/api/v1/cohorts')
    .set(bearer(token))
    .send({
      code,
      programCode: input.programCode,
      name: input.name ?? `Cohort ${code}`,
      track: input.track ?? 'AI',
      trainingCentre: input.trainingCentre ?? 'NUST H-12',
      city: input.city ?? 'Islamabad',
      province: input.province ?? 'ICT',
      mode: input.mode ?? 'onsite',
      startsOn: input.startsOn ?? '2026-02-01',
      endsOn: input.endsOn ?? '2026-06-30',
      capacity: input.capacity ?? 500,
    });
  if (res.status !== 201)
    throw new Error(`create cohort: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as { id: string }).id, code, programCode: input.programCode };
}

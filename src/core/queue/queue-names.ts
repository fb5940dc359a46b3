// The typed job catalogue: every queue and job name, and each job's payload, declared once.
// Producers go through JobDispatcher; processors live in modules/*/jobs/.

export const QUEUES = {
  imports: 'roster-imports',
  progress: 'progress',
  webhooks: 'webhooks',
} as const;

export const JOBS = {
  importRoster: 'import-roster',
  recomputeProgress: 'recompute-progress',
  recomputeAll: 'recompute-all',
  recomputeDataQuality: 'recompute-data-quality',
  deliverWebhook: 'deliver-webhook',
} as const;

export interface JobPayloads {
  [JOBS.importRoster]: { importId: string };
  [JOBS.recomputeProgress]: { programId: string };
  [JOBS.recomputeAll]: Record<string, never>;
  [JOBS.recomputeDataQuality]: { partnerId: string };
  [JOBS.deliverWebhook]: { eventId: string; attempt: number };
}

// The server settings that move an import's figures most (WAL volume, checkpoints, commit waits,
// sort and index-build memory, prefetch): printed with every run, so two runs' figures are only
// compared when they ran on the same configuration.
import { withClient } from './pg-client';

export const PRINTED_SETTINGS = [
  'shared_buffers',
  'max_wal_size',
  'wal_compression',
  'checkpoint_timeout',
  'synchronous_commit',
  'work_mem',
  'maintenance_work_mem',
  'effective_io_concurrency',
] as const;

/** Each setting as SHOW prints it (units included), in PRINTED_SETTINGS order. */
export async function serverSettings(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const res = await client.query<{ name: string; value: string }>(
      `SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1)`,
      [PRINTED_SETTINGS],
    );
    const byName = new Map(res.rows.map((r) => [r.name, r.value]));
    return Object.fromEntries(PRINTED_SETTINGS.map((n) => [n, byName.get(n) ?? '?']));
  });
}

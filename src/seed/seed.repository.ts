// The seed's SQL. Every write is `INSERT … ON CONFLICT DO NOTHING`: a second run inserts
// nothing and never overwrites what an admin has since edited. Runs inside one transaction.
import type { EntityManager } from 'typeorm';
import type { SeedCohort, SeedPartner, SeedProgram } from './seed-data';

/** Serialises concurrent seeds (two `docker compose up`s) so the demo key is made once. */
const SEED_LOCK_ID = 727_002;

export class SeedRepository {
  constructor(private readonly em: EntityManager) {}

  async lock(): Promise<void> {
    await this.em.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_ID]);
  }

  /** True when the row was inserted, false when a row with that code already existed. */
  async insertPartner(p: SeedPartner): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO partners (code, name, kind) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [p.code, p.name, p.kind],
    );
    return rows.length > 0;
  }

  async insertProgram(p: SeedProgram): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO programs (code, name, partner_id, target_trainees, tracks, starts_on, ends_on, status)
       SELECT $1, $2, pa.id, $4, $5::text[], $6::date, $7::date, $8
       FROM partners pa WHERE pa.code = $3
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [p.code, p.name, p.partnerCode, p.targetTrainees, p.tracks, p.startsOn, p.endsOn, p.status],
    );
    return rows.length > 0;
  }

  /** Sub-targets only for a program this run created: an existing program keeps its own. */
  async insertProgramTargets(p: SeedProgram): Promise<void> {
    if (p.targets.length === 0) return;
    await this.em.query(
      `INSERT INTO program_targets (program_id, dimension, key, target)
       SELECT pr.id, t.dimension, t.key, t.target
       FROM programs pr,
            unnest($2::text[], $3::text[], $4::int[]) AS t(dimension, key, target)
       WHERE pr.code = $1
       ON CONFLICT (program_id, dimension, key) DO NOTHING`,
      [
        p.code,
        p.targets.map((t) => t.dimension),
        p.targets.map((t) => t.key),
        p.targets.map((t) => t.target),
      ],
    );
  }

  async insertCohort(c: SeedCohort): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO cohorts (code, program_id, name, track, training_centre, city, province, mode,
                            starts_on, ends_on, capacity)
       SELECT $1, pr.id, $3, $4, $5, $6, $7, $8, $9::date, $10::date, $11
       FROM programs pr WHERE pr.code = $2
       ON CONFLICT (code) DO NOTHING RETURNING id`,
      [
        c.code,
        c.programCode,
        c.name,
        c.track,
        c.trainingCentre,
        c.city,
        c.province,
        c.mode,
        c.startsOn,
        c.endsOn,
        c.capacity,
      ],
    );
    return rows.length > 0;
  }

  async insertUser(user: { email: string; passwordHash: string; role: string }): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [user.email, user.passwordHash, user.role],
    );
    return rows.length > 0;
  }

  async userExists(email: string): Promise<boolean> {
    const rows: unknown[] = await this.em.query('SELECT 1 FROM users WHERE email = $1', [email]);
    return rows.length > 0;
  }

  /** The prefix of the partner's live (not revoked) demo key, if it has one. */
  async findLiveKeyPrefix(partnerCode: string, prefixStart: string): Promise<string | null> {
    const rows: { prefix: string }[] = await this.em.query(
      `SELECT k.prefix FROM partner_api_keys k JOIN partners p ON p.id = k.partner_id
       WHERE p.code = $1 AND k.revoked_at IS NULL AND starts_with(k.prefix, $2)
       ORDER BY k.seq LIMIT 1`,
      [partnerCode, prefixStart],
    );
    return rows[0]?.prefix ?? null;
  }

  async insertApiKey(partnerCode: string, prefix: string, keyHash: string): Promise<void> {
    await this.em.query(
      `INSERT INTO partner_api_keys (partner_id, prefix, key_hash)
       SELECT id, $2, $3 FROM partners WHERE code = $1`,
      [partnerCode, prefix, keyHash],
    );
  }

  /** Row counts of the tables the seed writes, for its report and its test. */
  async counts(): Promise<Record<string, number>> {
    const rows: { name: string; n: string }[] = await this.em.query(
      `SELECT 'partners' AS name, count(*) AS n FROM partners
       UNION ALL SELECT 'programs', count(*) FROM programs
       UNION ALL SELECT 'program_targets', count(*) FROM program_targets
       UNION ALL SELECT 'cohorts', count(*) FROM cohorts
       UNION ALL SELECT 'users', count(*) FROM users
       UNION ALL SELECT 'partner_api_keys', count(*) FROM partner_api_keys`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
  }
}

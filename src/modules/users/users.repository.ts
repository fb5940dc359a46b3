// Owns the users and user_partners tables.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { type AuditChange, changedFields, initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';
import { UserEntity, UserRole } from './user.entity';

export interface UserRow {
  id: string;
  seq: string;
  email: string;
  passwordHash: string;
  role: UserRole;
  disabledAt: Date | null;
  tokenVersion: number;
  keptSessionId: string | null;
  partnerIds: string[];
  partnerCodes: string[];
}

/** What an admin may change on an account; absent fields stay as they are. */
export interface AccountChange {
  role?: UserRole;
  /** Replaces the user's partners when given. */
  partnerIds?: string[];
  disabled?: boolean;
  /** A password reset: every session of the user ends. */
  passwordHash?: string;
}

export type AccountChangeResult =
  { outcome: 'updated'; before: UserRow } | { outcome: 'not_found' } | { outcome: 'last_admin' };

const SELECT_USER = `
  SELECT u.id, u.seq::text AS seq, u.email, u.password_hash AS "passwordHash", u.role,
         u.disabled_at AS "disabledAt", u.token_version AS "tokenVersion",
         u.kept_session_id AS "keptSessionId",
         coalesce(array_agg(p.id ORDER BY p.code) FILTER (WHERE p.id IS NOT NULL), '{}') AS "partnerIds",
         coalesce(array_agg(p.code ORDER BY p.code) FILTER (WHERE p.id IS NOT NULL), '{}') AS "partnerCodes"
  FROM users u
  LEFT JOIN user_partners up ON up.user_id = u.id
  LEFT JOIN partners p ON p.id = up.partner_id`;

/**
 * Serializes account changes that could remove the last active admin: two admins demoting
 * each other at once must not both succeed. Account edits are rare, so one lock is enough.
 */
const ACCOUNT_CHANGE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('sdt.users.account-change'))`;

@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async findByEmail(email: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.ds.query(`${SELECT_USER} WHERE u.email = $1 GROUP BY u.id`, [
      email,
    ]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<UserRow | null> {
    return this.findByIdWith(this.ds.manager, id);
  }

  private async findByIdWith(em: EntityManager, id: string): Promise<UserRow | null> {
    const rows: UserRow[] = await em.query(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [id]);
    return rows[0] ?? null;
  }

  async listPage(
    filter: { role?: UserRole; email?: string },
    page: PageRequest,
  ): Promise<UserRow[]> {
    // strpos, not LIKE: a % or _ typed in the search is matched as itself.
    return this.ds.query(
      `${SELECT_USER} WHERE ($1::bigint IS NULL OR u.seq > $1::bigint)
         AND ($2::text IS NULL OR u.role = $2::text)
         AND ($4::text IS NULL OR strpos(lower(u.email), lower($4::text)) > 0)
       GROUP BY u.id ORDER BY u.seq LIMIT $3`,
      [page.afterSeq, filter.role ?? null, page.limit + 1, filter.email?.trim() || null],
    );
  }

  async adminExists(): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }

  /** Inserts the user and its partner links in one transaction; returns the new id. */
  async create(
    actor: Actor | null,
    user: { email: string; passwordHash: string; role: UserRole },
    partners: { id: string; code: string }[],
  ): Promise<string> {
    const changes = initialFields({
      email: user.email,
      password: true,
      role: user.role,
      partnerCodes: partners.map((p) => p.code),
    });
    return this.audit.write(
      { actor, action: 'created', entity: 'user', changes },
      async (em) => {
        const inserted = await em.getRepository(UserEntity).insert(user);
        const id = (inserted.identifiers[0] as { id: string }).id;
        await this.linkPartners(
          em,
          id,
          partners.map((p) => p.id),
        );
        return id;
      },
      { idOf: (id) => id },
    );
  }

  private async linkPartners(em: EntityManager, userId: string, partnerIds: string[]) {
    if (partnerIds.length === 0) return;
    await em.query(
      `INSERT INTO user_partners (user_id, partner_id) SELECT $1, unnest($2::uuid[])`,
      [userId, partnerIds],
    );
  }

  /**
   * Applies an admin's change in one transaction, refusing one that would leave no active
   * admin. Disabling or a password reset bumps the token version, so every token issued
   * before stops working (and does not come back if the user is enabled again).
   */
  async changeAccount(
    actor: Actor,
    id: string,
    change: AccountChange,
    partnerCodes?: string[],
  ): Promise<AccountChangeResult> {
    return this.ds.transaction(async (em) => {
      await em.query(ACCOUNT_CHANGE_LOCK);
      const before = await this.findByIdWith(em, id);
      if (!before) return { outcome: 'not_found' as const };
      const wasActiveAdmin = before.role === 'admin' && before.disabledAt === null;
      const disabled = change.disabled ?? before.disabledAt !== null;
      const staysActiveAdmin = (change.role ?? before.role) === 'admin' && !disabled;
      if (wasActiveAdmin && !staysActiveAdmin) {
        const others: unknown[] = await em.query(
          `SELECT 1 FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> $1 LIMIT 1`,
          [id],
        );
        if (others.length === 0) return { outcome: 'last_admin' as const };
      }
      const endSessions = change.passwordHash !== undefined || change.disabled === true;
      await em.query(
        `UPDATE users SET
           role = coalesce($2, role),
           disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at
                              WHEN $3 THEN coalesce(disabled_at, now()) ELSE NULL END,
           password_hash = coalesce($4, password_hash),
           token_version = token_version + CASE WHEN $5 THEN 1 ELSE 0 END,
           kept_session_id = CASE WHEN $5 THEN NULL ELSE kept_session_id END,
           updated_at = now()
         WHERE id = $1`,
        [
          id,
          change.role ?? null,
          change.disabled ?? null,
          change.passwordHash ?? null,
          endSessions,
        ],
      );
      if (change.partnerIds !== undefined) {
        await em.query(`DELETE FROM user_partners WHERE user_id = $1`, [id]);
        await this.linkPartners(em, id, change.partnerIds);
      }
      const changes: AuditChange[] = changedFields(
        {
          role: before.role,
          partnerCodes: before.partnerCodes,
          disabled: before.disabledAt !== null,
        },
        { role: change.role, partnerCodes, disabled: change.disabled },
      );
      if (change.passwordHash !== undefined) changes.push({ field: 'password' });
      if (changes.length > 0) {
        await this.audit.append(em, {
          actor,
          action: 'updated',
          entity: 'user',
          entityId: id,
          changes,
        });
      }
      return { outcome: 'updated' as const, before };
    });
  }

  /**
   * A user's own password change: compare-and-set on the hash it was checked against, so of
   * two concurrent changes from the same old password only one wins. Every other session
   * ends; the session that made the change is kept.
   */
  async replaceOwnPassword(
    actor: Actor,
    id: string,
    checkedHash: string,
    newHash: string,
    keptSessionId: string | null,
  ): Promise<boolean> {
    const draft = {
      actor,
      action: 'password_changed',
      entity: 'user' as const,
      entityId: id,
      changes: [{ field: 'password' }],
    };
    return this.audit.write(
      draft,
      (em) => this.casPassword(em, id, checkedHash, newHash, keptSessionId),
      {
        recorded: (changed) => changed,
      },
    );
  }

  private async casPassword(
    em: EntityManager,
    id: string,
    checkedHash: string,
    newHash: string,
    keptSessionId: string | null,
  ): Promise<boolean> {
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    const rows: unknown[] = await em.query(
      `WITH changed AS (
         UPDATE users SET password_hash = $3, token_version = token_version + 1,
                kept_session_id = $4, updated_at = now()
         WHERE id = $1 AND password_hash = $2 AND disabled_at IS NULL
         RETURNING id)
       SELECT id FROM changed`,
      [id, checkedHash, newHash, keptSessionId],
    );
    return rows.length > 0;
  }

  /** Creates the first admin only if none exists (concurrent starts race on the unique email). */
  async createAdminIfNone(email: string, passwordHash: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO users (email, password_hash, role)
       SELECT $1, $2, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin')
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [email, passwordHash],
    );
    return rows.length > 0;
  }
}

// Owns the users and user_partners tables.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../../core/http/pagination';
import { UserEntity, UserRole } from './user.entity';

export interface UserRow {
  id: string;
  seq: string;
  email: string;
  passwordHash: string;
  role: UserRole;
  partnerIds: string[];
  partnerCodes: string[];
}

const SELECT_USER = `
  SELECT u.id, u.seq::text AS seq, u.email, u.password_hash AS "passwordHash", u.role,
         coalesce(array_agg(p.id ORDER BY p.code) FILTER (WHERE p.id IS NOT NULL), '{}') AS "partnerIds",
         coalesce(array_agg(p.code ORDER BY p.code) FILTER (WHERE p.id IS NOT NULL), '{}') AS "partnerCodes"
  FROM users u
  LEFT JOIN user_partners up ON up.user_id = u.id
  LEFT JOIN partners p ON p.id = up.partner_id`;

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findByEmail(email: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.ds.query(`${SELECT_USER} WHERE u.email = $1 GROUP BY u.id`, [
      email,
    ]);
    return rows[0] ?? null;
  }

  async findById(id: string): Promise<UserRow | null> {
    const rows: UserRow[] = await this.ds.query(`${SELECT_USER} WHERE u.id = $1 GROUP BY u.id`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async listPage(page: PageRequest): Promise<UserRow[]> {
    return this.ds.query(
      `${SELECT_USER} WHERE ($1::bigint IS NULL OR u.seq > $1::bigint)
       GROUP BY u.id ORDER BY u.seq LIMIT $2`,
      [page.afterSeq, page.limit + 1],
    );
  }

  async adminExists(): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }

  /** Inserts the user and its partner links in one transaction; returns the new id. */
  async create(
    user: { email: string; passwordHash: string; role: UserRole },
    partnerIds: string[],
  ): Promise<string> {
    return this.ds.transaction(async (em: EntityManager) => {
      const inserted = await em.getRepository(UserEntity).insert(user);
      const id = (inserted.identifiers[0] as { id: string }).id;
      if (partnerIds.length > 0) {
        await em.query(
          `INSERT INTO user_partners (user_id, partner_id) SELECT $1, unnest($2::uuid[])`,
          [id, partnerIds],
        );
      }
      return id;
    });
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

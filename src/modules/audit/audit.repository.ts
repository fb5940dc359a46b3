// Owns audit_events. Other repositories append their write's event through `write`, which
// runs the write and the append in one transaction: no event without its write, no write
// without its event. Values are redacted here, the one place every event passes.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { type AuditChange, redact } from './audit-changes';

export type AuditEntity =
  | 'user'
  | 'partner'
  | 'apiKey'
  | 'webhook'
  | 'program'
  | 'cohort'
  | 'trainee'
  | 'enrollment'
  | 'certification'
  | 'import';

export interface AuditDraft {
  /** null for the system (a worker). */
  actor: Actor | null;
  action: string;
  entity: AuditEntity;
  /** Defaults to the id the write returns. */
  entityId?: string;
  changes?: AuditChange[];
}

export interface AuditRow {
  seq: string;
  at: Date;
  actorType: 'user' | 'apiKey' | 'system';
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: AuditChange[];
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
}

function actorColumns(actor: Actor | null): [string, string | null, string | null] {
  if (actor === null) return ['system', null, 'system'];
  if (actor.kind === 'user') return ['user', actor.id, actor.email];
  if (actor.user) return ['user', actor.user.id, actor.user.email];
  return ['apiKey', actor.apiKeyId, `${actor.partnerCode} API key`];
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Runs `work` and appends its event in one transaction. `recorded` says whether the write
   * changed anything (a delete of a row already gone records nothing).
   */
  async write<T>(
    draft: AuditDraft,
    work: (em: EntityManager) => Promise<T>,
    options: { idOf?: (result: T) => string; recorded?: (result: T) => boolean } = {},
  ): Promise<T> {
    return this.ds.transaction(async (em) => {
      const result = await work(em);
      if (options.recorded && !options.recorded(result)) return result;
      await this.append(em, { ...draft, entityId: draft.entityId ?? options.idOf?.(result) });
      return result;
    });
  }

  /** Appends an event inside the caller's transaction. */
  async append(em: Pick<EntityManager, 'query'>, draft: AuditDraft): Promise<void> {
    const [type, id, label] = actorColumns(draft.actor);
    await em.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, entity, entity_id, changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
      [
        type,
        id,
        label,
        draft.action,
        draft.entity,
        draft.entityId ?? null,
        JSON.stringify(redact(draft.entity, draft.changes ?? [])),
      ],
    );
  }

  /** Newest first: the cursor continues below the last seq seen. */
  listPage(filter: AuditFilter, page: PageRequest): Promise<AuditRow[]> {
    return this.ds.query(
      `SELECT seq::text AS seq, at, actor_type AS "actorType", actor_id AS "actorId",
              actor_label AS "actorLabel", action, entity, entity_id AS "entityId", changes
       FROM audit_events
       WHERE ($1::bigint IS NULL OR seq < $1::bigint)
         AND ($2::uuid IS NULL OR actor_id = $2::uuid)
         AND ($3::text IS NULL OR action = $3::text)
         AND ($4::text IS NULL OR entity = $4::text)
         AND ($5::timestamptz IS NULL OR at >= $5::timestamptz)
         AND ($6::timestamptz IS NULL OR at < $6::timestamptz)
       ORDER BY audit_events.seq DESC LIMIT $7`,
      [
        page.afterSeq,
        filter.actor ?? null,
        filter.action ?? null,
        filter.entity ?? null,
        filter.from ?? null,
        filter.to ?? null,
        page.limit + 1,
      ],
    );
  }
}

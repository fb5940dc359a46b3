import { Injectable } from '@nestjs/common';
import { csvLine } from '../../core/http/csv-cell';
import { DomainError } from '../../core/http/domain-error';
import { type Page, pageRequest, toPage } from '../../core/http/pagination';
import type { AuditEventView, AuditQueryDto } from './audit.dto';
import { type AuditFilter, type AuditRow, AuditRepository } from './audit.repository';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function toView(row: AuditRow): AuditEventView {
  return {
    at: row.at.toISOString(),
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    changes: row.changes,
  };
}

/** `to` as a day includes the whole day (UTC). */
function filterOf(query: AuditQueryDto): AuditFilter {
  let to = query.to;
  if (to !== undefined && DAY.test(to)) {
    const next = new Date(`${to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    to = next.toISOString();
  }
  if (query.from !== undefined && to !== undefined && new Date(query.from) >= new Date(to)) {
    throw DomainError.validation('to', 'to must be after from');
  }
  return {
    actor: query.actor?.toLowerCase(),
    action: query.action,
    entity: query.entity,
    from: query.from,
    to,
  };
}

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(query: AuditQueryDto): Promise<Page<AuditEventView>> {
    const page = pageRequest(query);
    return toPage(await this.audit.listPage(filterOf(query), page), page.limit, toView);
  }

  /** Every matching event, newest first, read page by page so a long log streams. */
  csv(query: AuditQueryDto): AsyncGenerator<string> {
    const filter = filterOf(query);
    return this.csvLines(filter);
  }

  private async *csvLines(filter: AuditFilter): AsyncGenerator<string> {
    yield csvLine([
      'at',
      'actor_type',
      'actor_id',
      'actor_label',
      'action',
      'entity',
      'entity_id',
      'changes',
    ]);
    let afterSeq: string | null = null;
    for (;;) {
      const rows = await this.audit.listPage(filter, { afterSeq, limit: 2000 });
      const page = rows.slice(0, 2000);
      if (page.length === 0) return;
      yield page
        .map((r) =>
          csvLine([
            r.at.toISOString(),
            r.actorType,
            r.actorId,
            r.actorLabel,
            r.action,
            r.entity,
            r.entityId,
            JSON.stringify(r.changes),
          ]),
        )
        .join('');
      if (rows.length <= 2000) return;
      afterSeq = page[page.length - 1].seq;
    }
  }
}

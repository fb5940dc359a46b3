// Owns the partners and partner_api_keys tables.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Actor } from '../../core/auth/actor';
import type { PageRequest } from '../../core/http/pagination';
import { changedFields, initialFields } from '../audit/audit-changes';
import { AuditRepository } from '../audit/audit.repository';
import { PartnerApiKeyEntity } from './partner-api-key.entity';
import { PartnerEntity } from './partner.entity';

export interface PartnerListFilter {
  scope: string[] | null;
  kind?: string;
  code?: string;
}

export interface ApiKeyOwner {
  apiKeyId: string;
  partnerId: string;
  partnerCode: string;
}

@Injectable()
export class PartnersRepository {
  constructor(
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
    @InjectRepository(PartnerApiKeyEntity) private readonly keys: Repository<PartnerApiKeyEntity>,
    private readonly audit: AuditRepository,
  ) {}

  findById(id: string): Promise<PartnerEntity | null> {
    return this.partners.findOneBy({ id });
  }

  findByCode(code: string): Promise<PartnerEntity | null> {
    return this.partners.findOneBy({ code });
  }

  findByCodes(codes: string[]): Promise<PartnerEntity[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.partners.findBy({ code: In(codes) });
  }

  listPage(filter: PartnerListFilter, page: PageRequest): Promise<PartnerEntity[]> {
    const qb = this.partners
      .createQueryBuilder('p')
      .orderBy('p.seq', 'ASC')
      .limit(page.limit + 1);
    if (page.afterSeq !== null) qb.andWhere('p.seq > :after', { after: page.afterSeq });
    if (filter.scope !== null) qb.andWhere('p.id IN (:...scope)', { scope: filter.scope });
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    if (filter.code) qb.andWhere('p.code = :code', { code: filter.code });
    return qb.getMany();
  }

  async insert(
    actor: Actor,
    values: { code: string; name: string; kind: string },
  ): Promise<PartnerEntity> {
    const id = await this.audit.write(
      { actor, action: 'created', entity: 'partner', changes: initialFields(values) },
      async (em) => {
        const result = await em.getRepository(PartnerEntity).insert(values);
        return (result.identifiers[0] as { id: string }).id;
      },
      { idOf: (newId) => newId },
    );
    return (await this.findById(id)) as PartnerEntity;
  }

  async update(
    actor: Actor,
    before: PartnerEntity,
    values: { name?: string; kind?: string },
  ): Promise<void> {
    const changes = changedFields({ name: before.name, kind: before.kind }, values);
    await this.audit.write(
      { actor, action: 'updated', entity: 'partner', entityId: before.id, changes },
      (em) =>
        em
          .getRepository(PartnerEntity)
          .update({ id: before.id }, { ...values, updatedAt: () => 'now()' }),
      { recorded: () => changes.length > 0 },
    );
  }

  async insertApiKey(
    actor: Actor,
    values: { partnerId: string; prefix: string; keyHash: string; label: string | null },
  ): Promise<PartnerApiKeyEntity> {
    const id = await this.audit.write(
      {
        actor,
        action: 'created',
        entity: 'apiKey',
        changes: [
          { field: 'prefix', new: values.prefix },
          ...(values.label !== null ? [{ field: 'label' }] : []),
        ],
      },
      async (em) => {
        const result = await em.getRepository(PartnerApiKeyEntity).insert(values);
        return (result.identifiers[0] as { id: string }).id;
      },
      { idOf: (newId) => newId },
    );
    return (await this.keys.findOneBy({ id })) as PartnerApiKeyEntity;
  }

  listApiKeys(partnerId: string): Promise<PartnerApiKeyEntity[]> {
    return this.keys.find({ where: { partnerId }, order: { seq: 'ASC' } });
  }

  findApiKeyById(id: string): Promise<PartnerApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  async revokeApiKey(actor: Actor, id: string): Promise<void> {
    await this.audit.write(
      { actor, action: 'revoked', entity: 'apiKey', entityId: id },
      (em) =>
        em
          .getRepository(PartnerApiKeyEntity)
          .createQueryBuilder()
          .update()
          .set({ revokedAt: () => 'now()' })
          .where('id = :id AND revoked_at IS NULL', { id })
          .execute(),
      { recorded: (result) => (result.affected ?? 0) > 0 },
    );
  }

  /** The partner behind a live (not revoked) key hash; bumps lastUsedAt at most once a minute. */
  async findActiveKeyOwner(keyHash: string): Promise<ApiKeyOwner | null> {
    const rows: ApiKeyOwner[] = await this.keys.query(
      `WITH k AS (
         SELECT k.id, k.partner_id, k.last_used_at FROM partner_api_keys k
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL
       ), touch AS (
         UPDATE partner_api_keys SET last_used_at = now()
         WHERE id IN (SELECT id FROM k
                      WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
       )
       SELECT k.id AS "apiKeyId", p.id AS "partnerId", p.code AS "partnerCode"
       FROM k JOIN partners p ON p.id = k.partner_id`,
      [keyHash],
    );
    return rows[0] ?? null;
  }
}

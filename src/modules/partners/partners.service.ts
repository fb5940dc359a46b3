import { Injectable } from '@nestjs/common';
import { Actor, partnerScope } from '../../core/auth/actor';
import { findVisibleOr404 } from '../../core/auth/find-visible';
import { generateApiKey } from '../../core/auth/api-key-crypto';
import { DomainError } from '../../core/http/domain-error';
import { UUID_PATTERN } from '../../core/http/id-param.pipe';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import { PartnerEntity } from './partner.entity';
import type { PartnerApiKeyEntity } from './partner-api-key.entity';
import {
  ApiKeyView,
  CreateApiKeyDto,
  CreatedApiKeyView,
  CreatePartnerDto,
  ListPartnersQuery,
  PartnerView,
  UpdatePartnerDto,
} from './partners.dto';
import { PartnersRepository } from './partners.repository';

function toView(p: PartnerEntity): PartnerView {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    kind: p.kind,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function keyView(k: PartnerApiKeyEntity): ApiKeyView {
  return {
    id: k.id,
    prefix: k.prefix,
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class PartnersService {
  constructor(private readonly partners: PartnersRepository) {}

  async list(actor: Actor, query: ListPartnersQuery): Promise<Page<PartnerView>> {
    const page = pageRequest(query);
    const rows = await this.partners.listPage(
      { scope: partnerScope(actor), kind: query.kind, code: query.code },
      page,
    );
    return toPage(rows, page.limit, toView);
  }

  /** A partner by id or code, as the actor may see it; another partner's is simply not found. */
  async findVisible(actor: Actor, idOrCode: string): Promise<PartnerEntity> {
    const found = UUID_PATTERN.test(idOrCode)
      ? this.partners.findById(idOrCode.toLowerCase())
      : this.partners.findByCode(idOrCode);
    return findVisibleOr404(actor, 'Partner', found, (partner) => partner.id);
  }

  async get(actor: Actor, idOrCode: string): Promise<PartnerView> {
    return toView(await this.findVisible(actor, idOrCode));
  }

  async create(actor: Actor, dto: CreatePartnerDto): Promise<PartnerView> {
    if (await this.partners.findByCode(dto.code)) {
      throw DomainError.conflict(`Partner code ${dto.code} already exists`, 'code');
    }
    return toView(await this.partners.insert(actor, dto));
  }

  async update(actor: Actor, idOrCode: string, dto: UpdatePartnerDto): Promise<PartnerView> {
    const partner = await this.findVisible(actor, idOrCode);
    await this.partners.update(actor, partner, { name: dto.name, kind: dto.kind });
    return this.get(actor, partner.id);
  }

  async createApiKey(
    actor: Actor,
    code: string,
    dto: CreateApiKeyDto = {},
  ): Promise<CreatedApiKeyView> {
    const partner = await this.findVisible(actor, code);
    const fresh = generateApiKey();
    const row = await this.partners.insertApiKey(actor, {
      partnerId: partner.id,
      prefix: fresh.prefix,
      keyHash: fresh.hash,
      label: dto.label || null,
    });
    return {
      id: row.id,
      key: fresh.key,
      prefix: row.prefix,
      label: row.label,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** A partner has a handful of keys, so one page holds them all (same envelope as lists). */
  async listApiKeys(actor: Actor, code: string): Promise<Page<ApiKeyView>> {
    const partner = await this.findVisible(actor, code);
    return { items: (await this.partners.listApiKeys(partner.id)).map(keyView), nextCursor: null };
  }

  async revokeApiKey(actor: Actor, id: string): Promise<void> {
    const key = await this.partners.findApiKeyById(id);
    if (!key) throw DomainError.notFound('API key');
    await this.partners.revokeApiKey(actor, id);
  }
}

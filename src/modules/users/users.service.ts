import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { hashPassword } from '../../core/auth/password-hasher';
import { DomainError } from '../../core/http/domain-error';
import { Page, PageQueryDto, pageRequest, toPage } from '../../core/http/pagination';
import type { PartnerEntity } from '../partners/partner.entity';
import { PartnersRepository } from '../partners/partners.repository';
import type { UserRole } from './user.entity';
import { CreateUserDto, UserView } from './users.dto';
import { UserRow, UsersRepository } from './users.repository';

function toView(row: UserRow): UserView {
  return { id: row.id, email: row.email, role: row.role, partnerCodes: row.partnerCodes };
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly partners: PartnersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView> {
    const partners = await this.partnersFor(dto.role, dto.partnerCodes ?? []);
    if (await this.users.findByEmail(dto.email)) {
      throw DomainError.conflict('A user with this email already exists', 'email');
    }
    const id = await this.users.create(
      { email: dto.email, passwordHash: await hashPassword(dto.password), role: dto.role },
      partners.map((p) => p.id),
    );
    return this.get(id);
  }

  /**
   * The partners a user of this role holds: a coordinator any number (none = every partner),
   * a partner user exactly one, the other roles none.
   */
  private async partnersFor(role: UserRole, requested: string[]): Promise<PartnerEntity[]> {
    const codes = [...new Set(requested)];
    if (role === 'partner' && codes.length !== 1) {
      throw DomainError.validation('partnerCodes', 'a partner user holds exactly one partner code');
    }
    if (codes.length > 0 && role !== 'coordinator' && role !== 'partner') {
      throw DomainError.validation(
        'partnerCodes',
        'partnerCodes apply to coordinators and partner users only',
      );
    }
    const partners = await this.partners.findByCodes(codes);
    const missing = codes.filter((c) => !partners.some((p) => p.code === c));
    if (missing.length > 0) {
      throw new DomainError('domain_rule', `Unknown partner codes: ${missing.join(', ')}`, [
        { field: 'partnerCodes', message: `unknown partner codes: ${missing.join(', ')}` },
      ]);
    }
    return partners;
  }

  async get(id: string): Promise<UserView> {
    const row = await this.users.findById(id);
    if (!row) throw DomainError.notFound('User');
    return toView(row);
  }

  async list(query: PageQueryDto): Promise<Page<UserView>> {
    const page = pageRequest(query);
    return toPage(await this.users.listPage(page), page.limit, toView);
  }

  /** First start with ADMIN_EMAIL/ADMIN_PASSWORD: create that admin if no admin exists. */
  async ensureBootstrapAdmin(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    if (await this.users.adminExists()) return;
    const created = await this.users.createAdminIfNone(
      adminEmail.toLowerCase(),
      await hashPassword(adminPassword),
    );
    if (created) this.logger.log('bootstrap admin created from ADMIN_EMAIL');
  }
}

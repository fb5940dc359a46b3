import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { hashPassword } from '../../core/auth/password-hasher';
import { DomainError } from '../../core/http/domain-error';
import { Page, PageQueryDto, pageRequest, toPage } from '../../core/http/pagination';
import { PartnersRepository } from '../partners/partners.repository';
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
    const codes = [...new Set(dto.partnerCodes ?? [])];
    if (codes.length > 0 && dto.role !== 'coordinator') {
      throw DomainError.validation('partnerCodes', 'partnerCodes apply to coordinators only');
    }
    const partners = await this.partners.findByCodes(codes);
    const missing = codes.filter((c) => !partners.some((p) => p.code === c));
    if (missing.length > 0) {
      throw new DomainError('domain_rule', `Unknown partner codes: ${missing.join(', ')}`, [
        { field: 'partnerCodes', message: `unknown partner codes: ${missing.join(', ')}` },
      ]);
    }
    if (await this.users.findByEmail(dto.email)) {
      throw DomainError.conflict('A user with this email already exists', 'email');
    }
    const id = await this.users.create(
      { email: dto.email, passwordHash: await hashPassword(dto.password), role: dto.role },
      partners.map((p) => p.id),
    );
    return this.get(id);
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

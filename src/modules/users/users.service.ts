import { Inject, Injectable, Logger } from '@nestjs/common';
import { actorSessionId, actorUserId, type Actor } from '../../core/auth/actor';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { hashPassword, verifyPassword } from '../../core/auth/password-hasher';
import { assertAdminPasswordStrong } from '../../core/auth/password-policy';
import { DomainError } from '../../core/http/domain-error';
import { Page, pageRequest, toPage } from '../../core/http/pagination';
import type { PartnerEntity } from '../partners/partner.entity';
import { PartnersRepository } from '../partners/partners.repository';
import type { UserRole } from './user.entity';
import { UserAuthStateCache } from './user-auth-state.cache';
import {
  ChangePasswordDto,
  CreateUserDto,
  ListUsersQuery,
  MeView,
  UpdateUserDto,
  UserView,
} from './users.dto';
import { UserRow, UsersRepository } from './users.repository';

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    partnerCodes: row.partnerCodes,
    disabledAt: row.disabledAt?.toISOString() ?? null,
  };
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly partners: PartnersRepository,
    private readonly authState: UserAuthStateCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const partners = await this.partnersFor(dto.role, dto.partnerCodes ?? []);
    if (await this.users.findByEmail(dto.email)) {
      throw DomainError.conflict('A user with this email already exists', 'email');
    }
    const id = await this.users.create(
      actor,
      { email: dto.email, passwordHash: await hashPassword(dto.password), role: dto.role },
      partners,
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

  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    const page = pageRequest(query);
    return toPage(
      await this.users.listPage({ role: query.role, email: query.email }, page),
      page.limit,
      toView,
    );
  }

  /**
   * An admin's change: role, partners, disabled, password reset. It takes effect on the
   * user's next request: this process forgets the cached user at once, others within a second.
   */
  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const current = await this.users.findById(id);
    if (!current) throw DomainError.notFound('User');
    const role = dto.role ?? current.role;
    // A role change to one that holds no partners drops them; otherwise they are kept.
    const keepsPartners = role === 'coordinator' || role === 'partner';
    const codes = dto.partnerCodes ?? (keepsPartners ? current.partnerCodes : []);
    const partnersChange = dto.partnerCodes !== undefined || dto.role !== undefined;
    const partners = partnersChange ? await this.partnersFor(role, codes) : undefined;
    const result = await this.users.changeAccount(
      actor,
      id,
      {
        role: dto.role,
        partnerIds: partners?.map((p) => p.id),
        disabled: dto.disabled,
        passwordHash: dto.password !== undefined ? await hashPassword(dto.password) : undefined,
      },
      partners?.map((p) => p.code).sort(),
    );
    this.authState.forget(id);
    if (result.outcome === 'not_found') throw DomainError.notFound('User');
    if (result.outcome === 'last_admin') {
      throw DomainError.conflict('The last active admin cannot be disabled or demoted', 'role');
    }
    return this.get(id);
  }

  /** The caller as the API describes it: a user, or the partner of an API key. */
  async me(actor: Actor): Promise<MeView> {
    const userId = actorUserId(actor);
    if (userId === null && actor.kind === 'partner') {
      return { role: 'partner', partnerCode: actor.partnerCode };
    }
    const { id, email, role, partnerCodes } = await this.get(userId as string);
    return { id, email, role, partnerCodes };
  }

  /**
   * The caller's own password change. Answers false for a wrong current password (the caller
   * counts it as a failed login). Every other session of the user ends; this one is kept.
   */
  async changeOwnPassword(actor: Actor, dto: ChangePasswordDto): Promise<boolean> {
    const userId = actorUserId(actor);
    if (userId === null) throw new DomainError('forbidden', 'An API key has no password');
    const row = await this.users.findById(userId);
    if (!row) throw new DomainError('unauthorized', 'The token is no longer valid');
    if (!(await verifyPassword(dto.currentPassword, row.passwordHash))) return false;
    const changed = await this.users.replaceOwnPassword(
      actor,
      userId,
      row.passwordHash,
      await hashPassword(dto.newPassword),
      actorSessionId(actor),
    );
    this.authState.forget(userId);
    // Lost to a concurrent change: the password checked is no longer the current one.
    return changed;
  }

  /**
   * First start with ADMIN_EMAIL/ADMIN_PASSWORD: create that admin if no admin exists. A weak
   * ADMIN_PASSWORD then stops start-up (ConfigError) rather than become the admin's password.
   */
  async ensureBootstrapAdmin(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    if (await this.users.adminExists()) return;
    await assertAdminPasswordStrong(adminPassword);
    const created = await this.users.createAdminIfNone(
      adminEmail.toLowerCase(),
      await hashPassword(adminPassword),
    );
    if (created) this.logger.log('bootstrap admin created from ADMIN_EMAIL');
  }
}

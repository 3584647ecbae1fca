import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';
import { Page, paginate } from '../common/pagination';
import { isUniqueViolation } from '../common/postgres-errors';
import { isUuid } from '../common/uuid';
import type { AuthenticatedUser } from './authenticated-user';
import { AccountResponse, CreateUserDto, ListUsersQuery, toAccountResponse, UpdateUserDto } from './user.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly config: AppConfig,
  ) {}

  /** Creates the administrator named by ADMIN_EMAIL/ADMIN_PASSWORD if no account has that email. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const passwordHash = await argon2.hash(password);
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ email: email.trim().toLowerCase(), fullName: 'Administrator', passwordHash, role: 'admin' })
      .orIgnore()
      .execute();
    if (result.identifiers.length > 0 && result.identifiers[0]) this.logger.log(`Created the administrator ${email}`);
  }

  async create(dto: CreateUserDto): Promise<User> {
    const passwordHash = await argon2.hash(dto.password);
    try {
      return await this.users.save(
        this.users.create({ email: dto.email, fullName: dto.fullName, passwordHash, role: dto.role ?? 'member' }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'uq_app_user_email')) throw new ApiError('USER_EXISTS', `An account for ${dto.email} already exists`);
      throw error;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Accounts by email, `q` matching part of the email or name (any case); for admins. */
  list(query: ListUsersQuery): Promise<Page<AccountResponse>> {
    return paginate(
      query,
      ({ skip, take }) => {
        const builder = this.users.createQueryBuilder('u').orderBy('u.email', 'ASC').skip(skip).take(take);
        if (query.q) {
          const pattern = `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
          builder.where('(u.email ILIKE :pattern OR u.full_name ILIKE :pattern)', { pattern });
        }
        return builder.getManyAndCount();
      },
      toAccountResponse,
    );
  }

  /**
   * An admin changes an account's role or disables it (or enables it again). A disabled account cannot
   * log in and its tokens are refused at once (AuthGuard reads the account on every request). Admins
   * cannot disable or demote themselves (409 OWN_ACCOUNT), so an enabled admin always remains.
   */
  async update(actor: AuthenticatedUser, id: string, dto: UpdateUserDto): Promise<AccountResponse> {
    if (!isUuid(id)) throw ApiError.notFound('User');
    if (id === actor.id && (dto.disabled === true || (dto.role !== undefined && dto.role !== 'admin')))
      throw new ApiError('OWN_ACCOUNT', 'You cannot disable or demote your own account; ask another admin');
    const user = await this.users.findOneBy({ id });
    if (!user) throw ApiError.notFound('User');
    if (dto.role !== undefined) user.role = dto.role;
    if (dto.disabled !== undefined) user.disabledAt = dto.disabled ? (user.disabledAt ?? new Date()) : null;
    await this.users.update({ id }, { role: user.role, disabledAt: user.disabledAt });
    return toAccountResponse(user);
  }
}

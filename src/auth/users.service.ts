import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';
import { isUniqueViolation } from '../common/postgres-errors';
import { CreateUserDto } from './user.dto';
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
}

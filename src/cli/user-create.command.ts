import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CreateUserDto } from '../auth/user.dto';
import { UsersService } from '../auth/users.service';
import { toFieldErrors } from '../common/errors/validation';

interface UserCreateOptions {
  email: string;
  password: string;
  name: string;
  role?: string;
}

@Command({ name: 'user:create', description: 'Create an account (--role admin|organiser|member)' })
export class UserCreateCommand extends CommandRunner {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_args: string[], options: UserCreateOptions): Promise<void> {
    const dto = plainToInstance(CreateUserDto, {
      email: options.email,
      password: options.password,
      fullName: options.name,
      role: options.role ?? 'member',
    });
    const problems = toFieldErrors(validateSync(dto));
    if (problems.length > 0)
      throw new Error(
        problems.map((problem) => `--${problem.field === 'fullName' ? 'name' : problem.field}: ${problem.message}`).join('\n'),
      );
    const user = await this.users.create(dto);
    console.log(`Created ${user.role} ${user.email} (${user.id})`);
  }

  @Option({ flags: '--email <email>', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', required: true })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '--name <fullName>', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>' })
  parseRole(value: string): string {
    return value;
  }
}

import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Page } from '../common/pagination';
import { CurrentUser, RequireUserRole } from './auth.decorators';
import type { AuthenticatedUser } from './authenticated-user';
import { AccountPage, AccountResponse, CreateUserDto, ListUsersQuery, toUserResponse, UpdateUserDto, UserResponse } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequireUserRole('admin')
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() dto: CreateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.create(dto));
  }

  @Get()
  @RequireUserRole('admin')
  @ApiOkResponse({ type: AccountPage, description: 'By email; `q` searches email and name' })
  list(@Query() query: ListUsersQuery): Promise<Page<AccountResponse>> {
    return this.users.list(query);
  }

  @Patch(':id')
  @RequireUserRole('admin')
  @ApiOkResponse({ type: AccountResponse })
  @ApiConflictResponse({ description: 'OWN_ACCOUNT: an admin cannot disable or demote their own account' })
  update(@Param('id') id: string, @Body() dto: UpdateUserDto, @CurrentUser() user: AuthenticatedUser): Promise<AccountResponse> {
    return this.users.update(user, id, dto);
  }
}

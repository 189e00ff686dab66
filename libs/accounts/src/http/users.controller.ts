import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Public, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { UserService } from '../application/user.service';
import {
  AcceptInvitationDto,
  CreatedUserDto,
  CreateUserDto,
  ListUsersQueryDto,
  UpdateUserDto,
  UserDto,
  UserListDto,
} from './account.dto';

@ApiTags('Users')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/users')
export class UsersController {
  constructor(@Inject(UserService) private readonly users: UserService) {}

  @Get()
  @RequireScopes('users:read')
  @ApiOperation({ summary: 'List the users of the account' })
  @ApiOkResponse({ type: UserListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListUsersQueryDto) {
    const page = await this.users.list(principal, pageRequest(query), { role: query.role });
    return listResponse({ ...page, items: page.items.map(UserDto.of) });
  }

  @Post()
  @RequireScopes('users:write')
  @ApiOperation({ summary: 'Create a user, or invite one by leaving out the password' })
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiProblems(400, 409)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateUserDto,
  ): Promise<CreatedUserDto> {
    const { user, invitation } = await this.users.create(principal, body);
    return {
      ...UserDto.of(user),
      ...(invitation
        ? { invitation: { token: invitation.token, expiresAt: invitation.expiresAt.toISOString() } }
        : {}),
    };
  }

  @Post('invitations/accept')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation by choosing a password' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 409)
  async acceptInvitation(@Body() body: AcceptInvitationDto): Promise<UserDto> {
    return UserDto.of(await this.users.acceptInvitation(body.token, body.password));
  }

  @Get(':id')
  @RequireScopes('users:read')
  @ApiOperation({ summary: 'Read a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<UserDto> {
    return UserDto.of(await this.users.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('users:write')
  @ApiOperation({ summary: 'Change the name or role of a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 404, 409)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.of(await this.users.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('users:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.users.delete(principal, id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { TeamService } from '../application/team.service';
import {
  AddTeamMemberDto,
  CreateTeamDto,
  TeamDto,
  TeamListDto,
  TeamMemberDto,
  TeamMemberListDto,
  UpdateTeamDto,
} from './team.dto';

@ApiTags('Teams')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/teams')
export class TeamsController {
  constructor(@Inject(TeamService) private readonly teams: TeamService) {}

  @Get()
  @RequireScopes('teams:read')
  @ApiOperation({ summary: 'List the teams of the account' })
  @ApiOkResponse({ type: TeamListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.teams.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(TeamDto.of) });
  }

  @Post()
  @RequireScopes('teams:write')
  @ApiOperation({ summary: 'Create a team' })
  @ApiCreatedResponse({ type: TeamDto })
  @ApiProblems(400, 409)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTeamDto): Promise<TeamDto> {
    return TeamDto.of(await this.teams.create(principal, body));
  }

  @Get(':id')
  @RequireScopes('teams:read')
  @ApiOperation({ summary: 'Read a team' })
  @ApiOkResponse({ type: TeamDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TeamDto> {
    return TeamDto.of(await this.teams.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('teams:write')
  @ApiOperation({ summary: 'Rename a team or change its description' })
  @ApiOkResponse({ type: TeamDto })
  @ApiProblems(400, 404, 409)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateTeamDto,
  ): Promise<TeamDto> {
    return TeamDto.of(await this.teams.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('teams:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team; numbers shared with it are no longer shared with its members' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.teams.delete(principal, id);
  }

  @Get(':id/members')
  @RequireScopes('teams:read')
  @ApiOperation({ summary: 'List the members of a team' })
  @ApiOkResponse({ type: TeamMemberListDto })
  @ApiProblems(400, 404)
  async listMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListQueryDto,
  ) {
    const page = await this.teams.listMembers(principal, id, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(TeamMemberDto.of) });
  }

  @Post(':id/members')
  @RequireScopes('teams:write')
  @ApiOperation({ summary: 'Add a user of the account to a team; adding a member again changes nothing' })
  @ApiCreatedResponse({ type: TeamMemberDto })
  @ApiProblems(400, 404)
  async addMember(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: AddTeamMemberDto,
  ): Promise<TeamMemberDto> {
    return TeamMemberDto.of(await this.teams.addMember(principal, id, body.userId));
  }

  @Delete(':id/members/:userId')
  @RequireScopes('teams:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from a team' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(404)
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    await this.teams.removeMember(principal, id, userId);
  }
}

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
import { BusinessHoursService } from '../application/business-hours.service';
import {
  BusinessHoursDto,
  BusinessHoursListDto,
  BusinessHoursStatusDto,
  BusinessHoursStatusQueryDto,
  CreateBusinessHoursDto,
  SetBusinessHoursOverrideDto,
  UpdateBusinessHoursDto,
} from './business-hours.dto';

@ApiTags('Business hours')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/business-hours')
export class BusinessHoursController {
  constructor(@Inject(BusinessHoursService) private readonly schedules: BusinessHoursService) {}

  @Get()
  @RequireScopes('business_hours:read')
  @ApiOperation({ summary: 'List the business-hours schedules of the account' })
  @ApiOkResponse({ type: BusinessHoursListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.schedules.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(BusinessHoursDto.of) });
  }

  @Post()
  @RequireScopes('business_hours:write')
  @ApiOperation({ summary: 'Create a business-hours schedule' })
  @ApiCreatedResponse({ type: BusinessHoursDto })
  @ApiProblems(400)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateBusinessHoursDto,
  ): Promise<BusinessHoursDto> {
    return BusinessHoursDto.of(await this.schedules.create(principal, body));
  }

  @Get(':id')
  @RequireScopes('business_hours:read')
  @ApiOperation({ summary: 'Read a business-hours schedule' })
  @ApiOkResponse({ type: BusinessHoursDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BusinessHoursDto> {
    return BusinessHoursDto.of(await this.schedules.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('business_hours:write')
  @ApiOperation({ summary: 'Change the name, time zone, weekly periods or exceptions of a schedule' })
  @ApiOkResponse({ type: BusinessHoursDto })
  @ApiProblems(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateBusinessHoursDto,
  ): Promise<BusinessHoursDto> {
    return BusinessHoursDto.of(await this.schedules.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('business_hours:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule that no published flow checks' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.schedules.delete(principal, id);
  }

  @Get(':id/status')
  @RequireScopes('business_hours:read')
  @ApiOperation({ summary: 'Whether a schedule is open at an instant, why, and when that changes' })
  @ApiOkResponse({ type: BusinessHoursStatusDto })
  @ApiProblems(400, 404)
  async status(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: BusinessHoursStatusQueryDto,
  ): Promise<BusinessHoursStatusDto> {
    return BusinessHoursStatusDto.of(await this.schedules.status(principal, id, query.at));
  }

  @Post(':id/override')
  @RequireScopes('business_hours:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Force a schedule open or closed, until an instant or until removed' })
  @ApiOkResponse({ type: BusinessHoursDto })
  @ApiProblems(400, 404)
  async setOverride(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: SetBusinessHoursOverrideDto,
  ): Promise<BusinessHoursDto> {
    return BusinessHoursDto.of(await this.schedules.setOverride(principal, id, body));
  }

  @Delete(':id/override')
  @RequireScopes('business_hours:write')
  @ApiOperation({ summary: 'Remove the override of a schedule, so its hours apply again' })
  @ApiOkResponse({ type: BusinessHoursDto })
  @ApiProblems(404)
  async clearOverride(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<BusinessHoursDto> {
    return BusinessHoursDto.of(await this.schedules.clearOverride(principal, id));
  }
}

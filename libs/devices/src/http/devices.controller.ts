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
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { DeviceService } from '../application/device.service';
import {
  CreateDeviceDto,
  DeviceDto,
  DeviceListDto,
  DeviceWithPasswordDto,
  ListDevicesQueryDto,
  RegistrationDto,
  RegistrationListDto,
  UpdateDeviceDto,
} from './device.dto';

@ApiTags('Devices')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/devices')
export class DevicesController {
  constructor(@Inject(DeviceService) private readonly devices: DeviceService) {}

  @Get()
  @RequireScopes('devices:read')
  @ApiOperation({ summary: 'List the devices of the account' })
  @ApiOkResponse({ type: DeviceListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListDevicesQueryDto) {
    const { page, sipDomain } = await this.devices.list(principal, pageRequest(query), {
      userId: query.userId,
      kind: query.kind,
    });
    return listResponse({ ...page, items: page.items.map((device) => DeviceDto.of({ device, sipDomain })) });
  }

  @Post()
  @RequireScopes('devices:write')
  @ApiOperation({ summary: 'Create a device with SIP credentials; the password is shown once' })
  @ApiCreatedResponse({ type: DeviceWithPasswordDto })
  @ApiProblems(400, 409)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateDeviceDto,
  ): Promise<DeviceWithPasswordDto> {
    return DeviceWithPasswordDto.withPassword(await this.devices.create(principal, body));
  }

  @Get(':id')
  @RequireScopes('devices:read')
  @ApiOperation({ summary: 'Read a device' })
  @ApiOkResponse({ type: DeviceDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DeviceDto> {
    return DeviceDto.of(await this.devices.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('devices:write')
  @ApiOperation({ summary: 'Change the owner, name, kind, transports or enabled flag of a device' })
  @ApiOkResponse({ type: DeviceDto })
  @ApiProblems(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateDeviceDto,
  ): Promise<DeviceDto> {
    return DeviceDto.of(await this.devices.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('devices:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a device and its registrations' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.devices.delete(principal, id);
  }

  @Post(':id/rotate-password')
  @RequireScopes('devices:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a device a new SIP password; shown once, the old one stops working' })
  @ApiOkResponse({ type: DeviceWithPasswordDto })
  @ApiProblems(404)
  async rotatePassword(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<DeviceWithPasswordDto> {
    return DeviceWithPasswordDto.withPassword(await this.devices.rotatePassword(principal, id));
  }

  @Get(':id/registrations')
  @RequireScopes('devices:read')
  @ApiOperation({ summary: 'List the live registrations (contacts) of a device' })
  @ApiOkResponse({ type: RegistrationListDto })
  @ApiProblems(404)
  async registrations(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<RegistrationListDto> {
    const bindings = await this.devices.registrations(principal, id);
    return { object: 'list', data: bindings.map(RegistrationDto.of), hasMore: false, nextCursor: null };
  }
}

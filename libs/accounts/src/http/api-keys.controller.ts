import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { ApiKeyService } from '../application/api-key.service';
import {
  ApiKeyDto,
  ApiKeyListDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  ListApiKeysQueryDto,
} from './account.dto';

@ApiTags('API keys')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(@Inject(ApiKeyService) private readonly keys: ApiKeyService) {}

  @Get()
  @RequireScopes('api_keys:read')
  @ApiOperation({ summary: 'List API keys (secrets are never shown again)' })
  @ApiOkResponse({ type: ApiKeyListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListApiKeysQueryDto) {
    const revoked = query.status === undefined ? undefined : query.status === 'revoked';
    const page = await this.keys.list(principal, pageRequest(query), { revoked });
    return listResponse({ ...page, items: page.items.map(ApiKeyDto.of) });
  }

  @Post()
  @RequireScopes('api_keys:write')
  @ApiOperation({ summary: 'Create an API key; the response holds its secret, once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
  ): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.keys.create(principal, body);
    return { ...ApiKeyDto.of(key), secret };
  }

  @Get(':id')
  @RequireScopes('api_keys:read')
  @ApiOperation({ summary: 'Read an API key' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.of(await this.keys.get(principal, id));
  }

  @Post(':id/revoke')
  @RequireScopes('api_keys:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(404)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiKeyDto> {
    return ApiKeyDto.of(await this.keys.revoke(principal, id));
  }
}

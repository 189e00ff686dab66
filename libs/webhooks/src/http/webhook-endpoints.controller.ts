import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { WebhookDeliveryLogService } from '../application/webhook-delivery-log.service';
import { WebhookEndpointService } from '../application/webhook-endpoint.service';
import {
  CreatedRangeQueryDto,
  createdRange,
  CreateWebhookEndpointDto,
  EventDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookEndpointDto,
  WebhookEndpointListDto,
  WebhookEndpointWithSecretDto,
  WebhookResendDto,
} from './webhook.dto';

@ApiTags('Webhooks')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(
    @Inject(WebhookEndpointService) private readonly endpoints: WebhookEndpointService,
    @Inject(WebhookDeliveryLogService) private readonly deliveries: WebhookDeliveryLogService,
  ) {}

  @Get()
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'List webhook endpoints' })
  @ApiOkResponse({ type: WebhookEndpointListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.endpoints.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(WebhookEndpointDto.of) });
  }

  @Post()
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Create a webhook endpoint; the response holds its signing secret, once' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointWithSecretDto> {
    const { endpoint, secret } = await this.endpoints.create(principal, body);
    return { ...WebhookEndpointDto.of(endpoint), secret };
  }

  @Get(':id')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'Read a webhook endpoint' })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.of(await this.endpoints.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('webhooks:write')
  @ApiOperation({
    summary: 'Change the URL, description, event types or enabled state of a webhook endpoint',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointDto> {
    return WebhookEndpointDto.of(await this.endpoints.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('webhooks:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook endpoint and its delivery log' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.endpoints.delete(principal, id);
  }

  @Post(':id/rotate-secret')
  @RequireScopes('webhooks:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new signing secret; the old one keeps signing during the grace period' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(404)
  async rotateSecret(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<WebhookEndpointWithSecretDto> {
    const { endpoint, secret } = await this.endpoints.rotateSecret(principal, id);
    return { ...WebhookEndpointDto.of(endpoint), secret };
  }

  @Post(':id/test')
  @RequireScopes('webhooks:write')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a webhook.test event to this endpoint' })
  @ApiAcceptedResponse({ type: EventDto, description: 'The test event; its delivery shows in the log.' })
  @ApiProblems(404)
  async test(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<EventDto> {
    return this.endpoints.sendTest(principal, id);
  }

  @Get(':id/deliveries')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'List the delivery attempts to a webhook endpoint' })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiProblems(400, 404)
  async listDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: CreatedRangeQueryDto,
  ) {
    const page = await this.deliveries.listForEndpoint(
      principal,
      id,
      pageRequest(query),
      createdRange(query),
    );
    return listResponse({ ...page, items: page.items.map(WebhookDeliveryDto.of) });
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @RequireScopes('webhooks:write')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the event of a logged delivery to this endpoint again' })
  @ApiAcceptedResponse({ type: WebhookResendDto })
  @ApiProblems(404)
  async retry(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookResendDto> {
    const delivery = await this.deliveries.resend(principal, id, deliveryId);
    return {
      object: 'webhook_resend',
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      endpointId: delivery.endpointId,
      status: 'queued',
    };
  }
}

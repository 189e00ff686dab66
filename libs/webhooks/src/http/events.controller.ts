import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { type LiveEvent } from '@switchyard/events';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { EventQueryService } from '../application/event-query.service';
import { LiveEventsService } from '../application/live-events.service';
import { WebhookDeliveryLogService } from '../application/webhook-delivery-log.service';
import {
  CreatedRangeQueryDto,
  createdRange,
  EventDto,
  EventListDto,
  EventListQueryDto,
  EventStreamQueryDto,
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
} from './webhook.dto';

function serverSentEvent(live: LiveEvent): string {
  return `id: ${live.position}\nevent: ${live.event.type}\ndata: ${JSON.stringify(live.event)}\n\n`;
}

@ApiTags('Events')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/events')
export class EventsController {
  constructor(
    @Inject(EventQueryService) private readonly events: EventQueryService,
    @Inject(WebhookDeliveryLogService) private readonly deliveries: WebhookDeliveryLogService,
    @Inject(LiveEventsService) private readonly live: LiveEventsService,
  ) {}

  @Get()
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'List the events of the account' })
  @ApiOkResponse({ type: EventListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: EventListQueryDto) {
    const filter = { ...createdRange(query), ...(query.type === undefined ? {} : { type: query.type }) };
    const page = await this.events.list(principal, pageRequest(query), filter);
    return listResponse({ ...page, items: page.items.map(EventDto.of) });
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'Receive the account’s events live as Server-Sent Events; reconnect with Last-Event-ID to resume',
    description:
      'Each message has `id` (a resume position), `event` (the type) and `data` (the event as JSON). Agents receive ' +
      'only events that concern no number or a number shared with them. Resume is exact for the last ' +
      'EVENTS_STREAM_MAX_LENGTH events of the account within a day.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last message received.' })
  @ApiOkResponse({
    description: 'An endless text/event-stream.',
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          example: 'id: 1764000000000-0\nevent: call.answered\ndata: {"id":"evt_…","object":"event",…}\n\n',
        },
      },
    },
  })
  @ApiProblems(400)
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EventStreamQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lastEventId = request.headers['last-event-id'];
    const types = (query.types ?? '')
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== '');
    // Replayed events may arrive before the headers are out; they wait here, in order.
    let waiting: string[] | undefined = [];
    const send = (chunk: string) => (waiting ? waiting.push(chunk) : reply.raw.write(chunk));
    const stop = await this.live.open(
      principal,
      { types, ...(typeof lastEventId === 'string' ? { lastEventId } : {}) },
      (live) => send(serverSentEvent(live)),
      () => reply.raw.end(),
    );
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Request-Id': String(request.id),
    });
    reply.raw.write('retry: 2000\n\n');
    for (const chunk of waiting) reply.raw.write(chunk);
    waiting = undefined;
    const heartbeat = setInterval(() => reply.raw.write(': keep-alive\n\n'), this.live.heartbeatMs);
    reply.raw.once('close', () => {
      clearInterval(heartbeat);
      void stop();
    });
  }

  @Get(':id')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'Read an event' })
  @ApiOkResponse({ type: EventDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<EventDto> {
    return EventDto.of(await this.events.get(principal, id));
  }

  @Get(':id/deliveries')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'List the delivery attempts of an event to all endpoints' })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiProblems(400, 404)
  async listDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: CreatedRangeQueryDto,
  ) {
    const page = await this.deliveries.listForEvent(principal, id, pageRequest(query), createdRange(query));
    return listResponse({ ...page, items: page.items.map(WebhookDeliveryDto.of) });
  }
}

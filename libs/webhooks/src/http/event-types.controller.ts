import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { eventApiVersion, eventCatalog, eventTypes } from '@switchyard/contracts';
import { ApiProblems } from '@switchyard/http';
import { EventTypeListDto } from './webhook.dto';

/** The catalog as OpenAPI 3.1 would put it under `webhooks`: one POST per event type, body = the event envelope. */
const webhooksExtension = Object.fromEntries(
  eventTypes.map((type) => [
    type,
    {
      post: {
        summary: eventCatalog[type].description,
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/EventDto' } } },
        },
        responses: { '2XX': { description: 'Received; any other answer is retried.' } },
      },
    },
  ]),
);

@ApiTags('Events')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('v1/event-types')
export class EventTypesController {
  @Get()
  @ApiOperation({
    summary: `List the event types webhooks and the live stream carry (API version ${eventApiVersion})`,
  })
  @ApiOkResponse({ type: EventTypeListDto })
  @ApiExtension('x-webhooks', webhooksExtension)
  list(): EventTypeListDto {
    return {
      object: 'list',
      data: eventTypes.map((type) => ({ object: 'event_type', type, ...eventCatalog[type] })),
      hasMore: false,
      nextCursor: null,
    };
  }
}

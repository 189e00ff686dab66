import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { MessagingBacklogService } from '../application/messaging-backlog.service';
import { MessagingBacklogDto } from './messaging-backlog.dto';

@ApiTags('Messages')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/numbers')
export class MessagingBacklogController {
  constructor(@Inject(MessagingBacklogService) private readonly backlogs: MessagingBacklogService) {}

  @Get(':id/messaging-backlog')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'How many outbound messages of a number wait for the carrier, and for how long' })
  @ApiOkResponse({ type: MessagingBacklogDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MessagingBacklogDto> {
    return MessagingBacklogDto.of(await this.backlogs.ofNumber(principal, id));
  }
}

import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { type FastifyReply } from 'fastify';
import { NumberOrderService } from '../application/number-order.service';
import { NumberReleaseService } from '../application/number-release.service';
import { type NumberResource, numberResource } from '../application/number-resource';
import { type NumberListFilter, NumberService } from '../application/number.service';
import {
  ListNumbersQueryDto,
  NumberDto,
  NumberHandlingDto,
  NumberListDto,
  PurchaseNumberDto,
  ShareNumberDto,
  UpdateNumberDto,
  VoiceHandlingDto,
} from './number.dto';
import { numbersCsv } from './numbers-csv';

function listFilter(query: ListNumbersQueryDto): NumberListFilter {
  const digits = query.search?.replace(/\D/g, '');
  return {
    ...(query.country !== undefined && { country: query.country }),
    ...(query.type !== undefined && { type: query.type }),
    ...(query.status !== undefined && { status: query.status }),
    ...(query.assignedUserId !== undefined && { assignedUserId: query.assignedUserId }),
    ...(query.assignedTeamId !== undefined && { assignedTeamId: query.assignedTeamId }),
    ...(digits && { digits }),
  };
}

const handling = (value: NumberHandlingDto | null | undefined) =>
  value === undefined || value === null ? value : NumberHandlingDto.toHandling(value);

@ApiTags('Numbers')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/numbers')
export class NumbersController {
  constructor(
    @Inject(NumberService) private readonly numbers: NumberService,
    @Inject(NumberOrderService) private readonly orders: NumberOrderService,
    @Inject(NumberReleaseService) private readonly releases: NumberReleaseService,
  ) {}

  @Get()
  @RequireScopes('numbers:read')
  @ApiOperation({
    summary:
      'List the account’s numbers (agents: those shared with them); Accept: text/csv exports them all as CSV',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: NumberListDto })
  @ApiProblems(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListNumbersQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (accept?.includes('text/csv')) {
      void reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="numbers.csv"');
      return numbersCsv(this.numbers.exportAll(principal, listFilter(query)));
    }
    const page = await this.numbers.list(principal, pageRequest(query), listFilter(query));
    return listResponse({ ...page, items: page.items.map(numberResource) });
  }

  @Post()
  @RequireScopes('numbers:write')
  @ApiOperation({
    summary:
      'Buy a number; active at once, ordering while the carrier works, or pending_documents until requirements are approved',
  })
  @ApiCreatedResponse({ type: NumberDto })
  @ApiProblems(400, 409, 422, 502, 503)
  async purchase(
    @CurrentPrincipal() principal: Principal,
    @Body() body: PurchaseNumberDto,
  ): Promise<NumberResource> {
    return numberResource(await this.orders.purchase(principal.accountId, body));
  }

  @Get(':id')
  @RequireScopes('numbers:read')
  @ApiOperation({ summary: 'Read a number' })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NumberResource> {
    return numberResource(await this.numbers.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('numbers:write')
  @ApiOperation({
    summary:
      'Change the name, notes, tags, call handling (with its recording policy) or message handling of a number',
  })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(400, 404, 409)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateNumberDto,
  ): Promise<NumberResource> {
    const { voice, messaging, ...rest } = body;
    const changes = {
      ...rest,
      ...(voice !== undefined && { voice: voice && VoiceHandlingDto.toHandling(voice) }),
      ...(messaging !== undefined && { messaging: handling(messaging) }),
    };
    return numberResource(await this.numbers.update(principal, id, changes));
  }

  @Delete(':id')
  @RequireScopes('numbers:write')
  @ApiOperation({
    summary: 'Release a number: it stays restorable until releaseAt, then goes back to the carrier',
  })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(404, 409)
  async release(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NumberResource> {
    return numberResource(await this.releases.release(principal.accountId, id));
  }

  @Post(':id/restore')
  @RequireScopes('numbers:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a release during its grace period' })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(404, 409)
  async restore(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NumberResource> {
    return numberResource(await this.releases.restore(principal.accountId, id));
  }

  @Post(':id/share')
  @RequireScopes('numbers:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Share a number with users and teams (added to those it is shared with)' })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(400, 404, 409)
  async share(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ShareNumberDto,
  ): Promise<NumberResource> {
    return numberResource(await this.numbers.share(principal, id, body));
  }

  @Delete(':id/share/users/:userId')
  @RequireScopes('numbers:write')
  @ApiOperation({ summary: 'Stop sharing a number with a user' })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(404, 409)
  async unshareUser(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('userId') userId: string,
  ): Promise<NumberResource> {
    return numberResource(await this.numbers.unshare(principal, id, { userId }));
  }

  @Delete(':id/share/teams/:teamId')
  @RequireScopes('numbers:write')
  @ApiOperation({ summary: 'Stop sharing a number with a team' })
  @ApiOkResponse({ type: NumberDto })
  @ApiProblems(404, 409)
  async unshareTeam(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('teamId') teamId: string,
  ): Promise<NumberResource> {
    return numberResource(await this.numbers.unshare(principal, id, { teamId }));
  }
}

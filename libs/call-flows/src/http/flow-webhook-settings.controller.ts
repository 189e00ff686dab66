import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { signatureHeaderName } from '@switchyard/webhooks';
import {
  FLOW_WEBHOOK_SECRET_TTL_MS,
  FlowWebhookSettingsService,
} from '../application/flow-webhook-settings.service';
import { FlowWebhookSettingsDto } from './flow-webhook-settings.dto';

const verification =
  'Every request a webhook node makes is a POST of a JSON body with the header ' +
  `\`${signatureHeaderName}: t=<unix seconds>,v1=<hex>\`, as event webhooks have. To verify it, take the raw ` +
  'body exactly as received (before any JSON parsing), compute the hex HMAC-SHA256 of `"<t>.<raw body>"` with ' +
  '`signingSecret` as the key, compare it with `v1` in constant time, and refuse the request when they differ or ' +
  'when `t` is more than 300 seconds away from your clock, against replays. The `verifyWebhookSignature` helper ' +
  'of the event webhooks documentation does all of this.';

const secretRotationDelaySeconds = FLOW_WEBHOOK_SECRET_TTL_MS / 1000;

@ApiTags('Flows')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/flow-webhook-settings')
export class FlowWebhookSettingsController {
  constructor(@Inject(FlowWebhookSettingsService) private readonly settings: FlowWebhookSettingsService) {}

  // The answer holds the secret, so reading it takes the write scope, as for event webhook secrets.
  @Get()
  @RequireScopes('flows:write')
  @ApiOperation({
    summary: 'Read the secret that signs the requests of webhook nodes (created on first use)',
    description: verification,
  })
  @ApiOkResponse({ type: FlowWebhookSettingsDto })
  async get(@CurrentPrincipal() principal: Principal): Promise<FlowWebhookSettingsDto> {
    return FlowWebhookSettingsDto.of(await this.settings.get(principal.accountId));
  }

  @Post('rotate-secret')
  @RequireScopes('flows:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the signing secret of webhook nodes; the old one stops signing',
    description:
      'There is no grace period: requests are signed with the new secret only, from at most ' +
      `${secretRotationDelaySeconds} seconds after the rotation (call servers cache the secret that long), ` +
      'so accept both secrets for that long.',
  })
  @ApiOkResponse({ type: FlowWebhookSettingsDto })
  async rotateSecret(@CurrentPrincipal() principal: Principal): Promise<FlowWebhookSettingsDto> {
    return FlowWebhookSettingsDto.of(await this.settings.rotateSecret(principal.accountId));
  }
}

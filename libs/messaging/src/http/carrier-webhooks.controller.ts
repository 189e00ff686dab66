import { Body, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Public } from '@switchyard/auth';
import { type CarrierWebhooksConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { DomainError } from '@switchyard/errors';
import { ApiProblems } from '@switchyard/http';
import { CarrierCallbackIntake } from '../application/carrier-callback-intake';
import { type CarrierStatusReport } from '../application/carrier-callback.service';
import { CARRIER_WEBHOOKS_CONFIG } from '../application/messaging-settings';
import { verifySandboxSignature, verifyTelnyxSignature } from './carrier-signatures';
import { CarrierCallbackAcceptedDto, SandboxCallbackDto } from './carrier-webhook.dto';
import { rawBodyOf } from './raw-body.capture';

const invalidSignature = () =>
  new DomainError('invalid_input', 'invalid_signature', 'The callback signature is missing, stale or wrong.');
const malformed = (detail: string) => new DomainError('invalid_input', 'malformed_callback', detail);

const telnyxStatuses: Readonly<Record<string, CarrierStatusReport['status']>> = {
  sent: 'sent',
  delivered: 'delivered',
  delivery_failed: 'undelivered',
  delivery_unconfirmed: 'undelivered',
  sending_failed: 'failed',
};

const telnyxCallback = z.object({
  data: z.object({
    id: z.string().min(1),
    event_type: z.string(),
    payload: z.object({
      id: z.string().min(1),
      text: z.string().nullish(),
      from: z.object({ phone_number: z.string() }),
      to: z.array(z.object({ phone_number: z.string(), status: z.string().nullish() })).min(1),
      errors: z.array(z.object({ code: z.string().nullish() })).nullish(),
    }),
  }),
});

@ApiTags('Carrier webhooks')
@Controller('v1/carrier-webhooks')
export class CarrierWebhooksController {
  constructor(
    @Inject(CarrierCallbackIntake) private readonly callbacks: CarrierCallbackIntake,
    @Inject(CARRIER_WEBHOOKS_CONFIG) private readonly config: CarrierWebhooksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('sandbox')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a signed status or inbound-message callback from the sandbox carrier',
    description: 'Answers 200 once the verified callback is stored; the worker applies it shortly after.',
  })
  @ApiOkResponse({ type: CarrierCallbackAcceptedDto })
  @ApiProblems(400)
  async sandbox(
    @Req() request: FastifyRequest,
    @Headers('x-sandbox-signature') signature: string | undefined,
    @Body() body: SandboxCallbackDto,
  ): Promise<CarrierCallbackAcceptedDto> {
    if (!verifySandboxSignature(this.config.sandboxSecret, signature, rawBodyOf(request), this.clock.now())) {
      throw invalidSignature();
    }
    const { data } = body;
    if (body.type === 'message.status') {
      if (!data.status) throw malformed('A status callback needs data.status.');
      await this.callbacks.accept('sandbox', body.id, {
        kind: 'status',
        carrierMessageId: data.carrierMessageId,
        status: data.status,
        ...(data.reference !== undefined && { reference: data.reference }),
        ...(data.errorCode !== undefined && { errorCode: data.errorCode }),
      });
    } else {
      if (!data.from || !data.to) throw malformed('An inbound callback needs data.from and data.to.');
      await this.callbacks.accept('sandbox', body.id, {
        kind: 'inbound',
        carrierMessageId: data.carrierMessageId,
        from: data.from,
        to: data.to,
        text: data.text ?? '',
      });
    }
    return { received: true };
  }

  @Post('telnyx')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a signed messaging callback from Telnyx (status or inbound message)',
    description: 'Answers 200 once the verified callback is stored; the worker applies it shortly after.',
  })
  @ApiBody({
    schema: { type: 'object', description: 'A Telnyx messaging webhook, verified on its raw body.' },
  })
  @ApiOkResponse({ type: CarrierCallbackAcceptedDto })
  @ApiProblems(400)
  async telnyx(
    @Req() request: FastifyRequest,
    @Headers('telnyx-signature-ed25519') signature: string | undefined,
    @Headers('telnyx-timestamp') timestamp: string | undefined,
  ): Promise<CarrierCallbackAcceptedDto> {
    const raw = rawBodyOf(request);
    if (!verifyTelnyxSignature(this.config.telnyxPublicKey, signature, timestamp, raw, this.clock.now())) {
      throw invalidSignature();
    }
    const parsed = telnyxCallback.safeParse(request.body);
    if (!parsed.success) throw malformed('Not a Telnyx messaging callback.');
    const { id: eventId, event_type: type, payload } = parsed.data.data;
    const [recipient] = payload.to;
    if (type === 'message.received') {
      await this.callbacks.accept('telnyx', eventId, {
        kind: 'inbound',
        carrierMessageId: payload.id,
        from: payload.from.phone_number,
        to: recipient!.phone_number,
        text: payload.text ?? '',
      });
    } else {
      const status = telnyxStatuses[recipient!.status ?? ''];
      if (status) {
        const errorCode = payload.errors?.[0]?.code ?? undefined;
        await this.callbacks.accept('telnyx', eventId, {
          kind: 'status',
          carrierMessageId: payload.id,
          status,
          ...(errorCode && { errorCode }),
        });
      }
    }
    return { received: true };
  }
}

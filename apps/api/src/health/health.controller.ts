import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@switchyard/auth';
import { type FastifyReply } from 'fastify';
import { ReadinessProbe } from './readiness.probe';

@ApiTags('Health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(ReadinessProbe) private readonly readiness: ReadinessProbe) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is running' })
  @ApiOkResponse({ description: 'Alive.', schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Postgres and Redis answer; 503 when either does not' })
  @ApiOkResponse({
    description: 'Ready.',
    schema: { example: { status: 'ok', checks: { postgres: 'up', redis: 'up' } } },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency is down.',
    schema: { example: { status: 'unavailable', checks: { postgres: 'up', redis: 'down' } } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks = await this.readiness.check();
    const ready = Object.values(checks).every((state) => state === 'up');
    if (!ready) void reply.status(503).header('Retry-After', '5');
    return { status: ready ? 'ok' : 'unavailable', checks };
  }
}

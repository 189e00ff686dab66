import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CallsModule, type NewCall, type NewLeg } from '@switchyard/calls';
import { loadSipConfig } from '@switchyard/config';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { DatabaseModule } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { LocalDiskStorage } from '@switchyard/storage';

export interface CallsSip {
  readonly context: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * The calls part of a sip instance in this process (recorder, limits, hang-up bus, orphan sweep) on the test's
 * clock and Redis prefix. An app cannot import another app, so the test assembles it from the lib.
 */
export async function startCallsSip(
  env: Record<string, string | undefined>,
  clock: Clock,
  logger?: Logger,
): Promise<CallsSip> {
  const config = loadSipConfig({
    ...env,
    DRACHTIO_SECRET: 'not-used-here',
    SIP_NONCE_SECRET: 'not-used-here-either-0123456789abcdef',
  });
  const connection = new QueueConnection(config.redis);

  @Module({
    imports: [
      DatabaseModule.forRoot({ url: config.database.url }),
      CallsModule.forSip(config, new LocalDiskStorage(config.storage.directory), logger),
    ],
    providers: [
      { provide: CLOCK, useValue: clock },
      { provide: QueueConnection, useValue: connection },
    ],
    exports: [CLOCK, QueueConnection],
  })
  class CallsSipModule {}

  const context = await NestFactory.createApplicationContext(
    { module: CallsSipModule, global: true },
    { logger: false },
  );
  return {
    context,
    async close() {
      await connection.close();
      await context.close();
    },
  };
}

/** An outbound call from a device, as the sip app reports it when the INVITE arrives. */
export function outboundCall(
  accountId: string,
  startedAt: Date,
  overrides: Partial<NewCall> = {},
): { call: NewCall; callerLeg: NewLeg } {
  const call: NewCall = {
    id: newId('call', startedAt.getTime()),
    accountId,
    direction: 'outbound',
    from: '101',
    to: '+14155550199',
    numberId: null,
    phoneNumber: null,
    userId: null,
    deviceId: null,
    sipInstanceId: 'sip-test',
    startedAt,
    ...overrides,
  };
  return {
    call,
    callerLeg: {
      id: newId('callLeg', startedAt.getTime()),
      role: 'caller',
      sipCallId: `${call.id}@device.example.test`,
      from: call.from,
      to: call.to,
      target: `sip:${call.to}@switchyard.example.test`,
      deviceId: call.deviceId,
      startedAt,
    },
  };
}

/** The leg out to the carrier trunk for a call. */
export function trunkLeg(call: NewCall, startedAt: Date): NewLeg {
  return {
    id: newId('callLeg', startedAt.getTime()),
    role: 'callee',
    sipCallId: `${call.id}-out@switchyard.example.test`,
    from: call.phoneNumber ?? call.from,
    to: call.to,
    target: `sip:${call.to}@trunk.example.test`,
    deviceId: null,
    startedAt,
  };
}

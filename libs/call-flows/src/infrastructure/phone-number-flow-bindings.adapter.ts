import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import {
  type FlowUsage,
  type NumberFlowBinding,
  type NumberUsingFlow,
} from '../application/call-flows.ports';

/** A number's handling JSON (`voice` or `messaging`) that hands over to the flow: `{type: 'flow', flowId}`. */
const handsOverTo = (flowId: string) => ({ path: ['flowId'], equals: flowId });

/**
 * Reads the numbers context's PhoneNumber table (numbers.prisma) for the flows its numbers use. Numbers released
 * or never obtained no longer receive calls, so they do not count.
 */
@Injectable()
export class PhoneNumberFlowBindings implements FlowUsage, NumberFlowBinding {
  constructor(@Inject(Database) private readonly database: Database) {}

  async numbersUsingFlow(accountId: string, flowId: string): Promise<NumberUsingFlow[]> {
    return this.database.client.phoneNumber.findMany({
      where: {
        accountId,
        status: { notIn: ['released', 'failed'] },
        OR: [{ voice: handsOverTo(flowId) }, { messaging: handsOverTo(flowId) }],
      },
      select: { id: true, phoneNumber: true },
      orderBy: { id: 'asc' },
    });
  }

  async voiceFlowOf(accountId: string, numberId: string): Promise<string | null> {
    const row = await this.database.client.phoneNumber.findFirst({
      where: { id: numberId, accountId, status: { notIn: ['released', 'failed'] } },
      select: { voice: true },
    });
    const voice = row?.voice as { type?: unknown; flowId?: unknown } | null | undefined;
    return voice?.type === 'flow' && typeof voice.flowId === 'string' ? voice.flowId : null;
  }
}

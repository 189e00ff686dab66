import {
  type CarrierOrder,
  type CarrierOrderLookup,
  type NumberRouting,
  type OwnedNumber,
  type SandboxCarrierStore,
  type SandboxMessage,
  type SaveOrderOutcome,
  applyNumberRouting,
} from '@switchyard/numbers';

/** Keeps the sandbox's memory in this process; each method runs without awaiting, so each is atomic. */
export class InMemorySandboxCarrierStore implements SandboxCarrierStore {
  private readonly ordersByReference = new Map<string, CarrierOrder>();
  private readonly soldNumbers = new Map<string, OwnedNumber>();
  private readonly messagesByReference = new Map<string, SandboxMessage>();

  async saveOrder(order: CarrierOrder, routing: NumberRouting): Promise<SaveOrderOutcome> {
    const existing = this.ordersByReference.get(order.reference);
    if (existing) return { outcome: 'reference_taken', existing };
    if (order.status === 'success') {
      if (this.soldNumbers.has(order.phoneNumber)) return { outcome: 'number_sold' };
      this.soldNumbers.set(
        order.phoneNumber,
        applyNumberRouting({ phoneNumber: order.phoneNumber }, routing),
      );
    }
    this.ordersByReference.set(order.reference, order);
    return { outcome: 'saved' };
  }

  async findOrder(lookup: CarrierOrderLookup): Promise<CarrierOrder | null> {
    if ('reference' in lookup) return this.ordersByReference.get(lookup.reference) ?? null;
    return [...this.ordersByReference.values()].find((order) => order.orderId === lookup.orderId) ?? null;
  }

  async findSold(phoneNumbers: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set(phoneNumbers.filter((phoneNumber) => this.soldNumbers.has(phoneNumber)));
  }

  async listSold(): Promise<OwnedNumber[]> {
    return [...this.soldNumbers.values()];
  }

  async release(phoneNumber: string): Promise<boolean> {
    return this.soldNumbers.delete(phoneNumber);
  }

  async updateRouting(phoneNumber: string, routing: NumberRouting): Promise<boolean> {
    const owned = this.soldNumbers.get(phoneNumber);
    if (!owned) return false;
    this.soldNumbers.set(phoneNumber, applyNumberRouting(owned, routing));
    return true;
  }

  async recordMessage(message: SandboxMessage): Promise<SandboxMessage> {
    const recorded = this.messagesByReference.get(message.reference);
    if (recorded) return recorded;
    this.messagesByReference.set(message.reference, message);
    return message;
  }

  async listMessages(): Promise<SandboxMessage[]> {
    return [...this.messagesByReference.values()];
  }
}

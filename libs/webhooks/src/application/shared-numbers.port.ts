/** Which numbers a user may see: agents' live streams carry only events of those numbers or of none. */
export interface SharedNumbers {
  numberIdsSharedWith(accountId: string, userId: string): Promise<ReadonlySet<string>>;
}

export const SHARED_NUMBERS = Symbol('SHARED_NUMBERS');

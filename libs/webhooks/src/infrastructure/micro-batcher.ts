interface Pending<Input, Output> {
  readonly input: Input;
  readonly resolve: (output: Output) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the calls made in one turn of the event loop into one batch call: many concurrent jobs then share one
 * query instead of each paying a round trip. `run` answers with one output per input, in order.
 */
export class MicroBatcher<Input, Output> {
  private pending: Pending<Input, Output>[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: readonly Input[]) => Promise<readonly Output[]>,
    private readonly maxBatchSize = 500,
  ) {}

  submit(input: Input): Promise<Output> {
    return new Promise<Output>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let start = 0; start < all.length; start += this.maxBatchSize) {
      const batch = all.slice(start, start + this.maxBatchSize);
      this.run(batch.map((entry) => entry.input)).then(
        (outputs) => batch.forEach((entry, index) => entry.resolve(outputs[index] as Output)),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      );
    }
  }
}

/** Loads rows by (account, id) in batches: one query per account per turn, rows of other accounts never match. */
export function accountScopedLoader<Row extends { readonly id: string }>(
  findMany: (accountId: string, ids: readonly string[]) => Promise<readonly Row[]>,
): MicroBatcher<{ readonly accountId: string; readonly id: string }, Row | undefined> {
  return new MicroBatcher(async (keys) => {
    const byAccount = new Map<string, string[]>();
    for (const { accountId, id } of keys) byAccount.set(accountId, [...(byAccount.get(accountId) ?? []), id]);
    const found = new Map<string, Row>();
    await Promise.all(
      [...byAccount].map(async ([accountId, ids]) => {
        for (const row of await findMany(accountId, [...new Set(ids)]))
          found.set(`${accountId}/${row.id}`, row);
      }),
    );
    return keys.map(({ accountId, id }) => found.get(`${accountId}/${id}`));
  });
}

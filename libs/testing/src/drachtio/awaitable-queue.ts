/** Event-driven waiting with explicit timeouts: nothing here polls or sleeps. */

export interface WaitOptions {
  /** How long to wait before failing with a {@link WaitTimeoutError} that names what was awaited. */
  timeoutMs?: number;
}

export class WaitTimeoutError extends Error {}

interface Waiter<T> {
  matches(item: T): boolean;
  resolve(item: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Items that arrive over time; {@link take} claims the first matching item, already queued or yet to come. */
export class AwaitableQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private closedWith: Error | undefined;

  constructor(private readonly describe: (item: T) => string) {}

  push(item: T): void {
    const waiter = this.waiters.find((candidate) => candidate.matches(item));
    if (!waiter) {
      this.items.push(item);
      return;
    }
    this.removeWaiter(waiter);
    waiter.resolve(item);
  }

  take(matches: (item: T) => boolean, description: string, timeoutMs: number): Promise<T> {
    const index = this.items.findIndex(matches);
    if (index !== -1) return Promise.resolve(this.items.splice(index, 1)[0] as T);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        matches,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.removeWaiter(waiter);
          const unclaimed = this.items.map(this.describe).join('; ') || 'nothing';
          reject(
            new WaitTimeoutError(
              `Timed out after ${timeoutMs} ms waiting for ${description} (unclaimed: ${unclaimed})`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Fails every pending and future {@link take}. */
  close(error: Error): void {
    this.closedWith = error;
    for (const waiter of [...this.waiters]) {
      this.removeWaiter(waiter);
      waiter.reject(error);
    }
  }

  private removeWaiter(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
  }
}

/** Waits until a condition over some changing state holds; the owner calls {@link changed} after each change. */
export class ConditionWatch {
  private readonly waiters = new Set<() => void>();

  changed(): void {
    for (const check of [...this.waiters]) check();
  }

  waitFor<T>(probe: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const result = probe();
        if (result === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

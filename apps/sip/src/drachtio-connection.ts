import { type SipConfig } from '@switchyard/config';
import { type Logger } from '@switchyard/logging';
import Srf from 'drachtio-srf';

/** drachtio-srf's connect options beyond its published types: it reconnects by itself with a growing delay. */
type ConnectOptions = Srf.SrfConfig & { reconnect: { retryMaxDelay: number } };

export type DrachtioState = 'connecting' | 'connected' | 'disconnected';

/**
 * Keeps the application's control connection to drachtio-server: connects at start, logs every retry while the
 * server is unreachable, and reconnects after a loss. Call handling registers on `srf` before `connect()`.
 */
export class DrachtioConnection {
  readonly srf = new Srf();
  private currentState: DrachtioState = 'disconnected';
  private stopping = false;
  private readonly connectionLostListeners: (() => void)[] = [];

  constructor(
    private readonly config: SipConfig,
    private readonly logger: Logger,
  ) {
    this.srf.on('connect', (error: Error | null, hostPort: string) => {
      if (error) return;
      this.currentState = 'connected';
      this.logger.info({ hostPort }, 'connected to drachtio-server');
    });
    this.srf.on('error', (error: Error) => {
      if (!this.stopping) this.logger.debug({ err: error }, 'drachtio connection error');
    });
    // drachtio-srf emits this one beyond its published event types, before each new attempt.
    const untypedEvents = this.srf as unknown as {
      on(event: 'reconnecting', listener: (attempt: { delay: number; attempt: number }) => void): void;
    };
    untypedEvents.on('reconnecting', ({ delay, attempt }) => {
      if (this.stopping) return;
      const lost = this.currentState === 'connected';
      const message = lost
        ? 'lost the connection to drachtio-server; reconnecting'
        : 'drachtio-server unreachable; retrying';
      this.currentState = 'connecting';
      this.logger.warn({ delayMs: delay, attempt }, message);
      if (lost) for (const listener of this.connectionLostListeners) listener();
    });
  }

  /** Called each time an established connection is lost, before reconnecting. */
  onConnectionLost(listener: () => void): void {
    this.connectionLostListeners.push(listener);
  }

  get state(): DrachtioState {
    return this.currentState;
  }

  connect(): void {
    this.currentState = 'connecting';
    const { host, port, secret } = this.config.drachtio;
    const options: ConnectOptions = {
      host,
      port,
      secret,
      reconnect: { retryMaxDelay: this.config.reconnectMaxDelayMs },
    };
    // Outcomes arrive as events: drachtio-srf keeps retrying by itself after a failed attempt.
    void this.srf.connect(options);
  }

  disconnect(): void {
    this.stopping = true;
    this.currentState = 'disconnected';
    this.srf.disconnect();
  }
}

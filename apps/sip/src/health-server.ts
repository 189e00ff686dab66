import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type DrachtioConnection } from './drachtio-connection';

/**
 * Liveness and readiness over plain HTTP for the orchestrator: live while the process runs, ready while the control
 * connection to drachtio-server is up.
 */
export class HealthServer {
  private readonly server: Server;

  constructor(private readonly drachtio: DrachtioConnection) {
    this.server = createServer((request, response) => {
      const ready = this.drachtio.state === 'connected';
      const [status, body] =
        request.url === '/health/live'
          ? [200, { status: 'ok' }]
          : request.url === '/health/ready'
            ? [
                ready ? 200 : 503,
                { status: ready ? 'ok' : 'unavailable', checks: { drachtio: this.drachtio.state } },
              ]
            : [404, { status: 'not_found' }];
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

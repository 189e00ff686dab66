import { loadApiConfig, loadOrExit } from '@switchyard/config';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadOrExit(() => loadApiConfig());
  const app = await createApiApp(config);
  await app.listen({ host: config.http.host, port: config.http.port });
}

void main();

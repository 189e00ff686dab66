import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';

const root = path.resolve(__dirname, '../../..');

export interface IsolatedDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own, migrated from prisma/migrations, for a test file whose background work must not meet other
 * files' rows: an outbox relay claims every committed event in its database, whoever published it.
 */
export async function createIsolatedDatabase(): Promise<IsolatedDatabase> {
  const shared = new URL(inject('databaseUrl'));
  const name = `${shared.pathname.slice(1)}_${randomUUID().slice(0, 8)}`;
  const url = new URL(shared);
  url.pathname = `/${name}`;
  await promisify(execFile)(
    process.execPath,
    ['--no-warnings', '--experimental-wasm-modules', path.join(root, 'scripts/db.mjs'), 'migrate'],
    { cwd: root, env: { ...process.env, DATABASE_URL: url.toString() } },
  );
  return {
    url: url.toString(),
    async drop() {
      const admin = new URL(shared);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

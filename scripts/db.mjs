// Migrations without the native Prisma schema engine: Prisma's WebAssembly schema engine through the pg adapter.
// Usage: node --experimental-wasm-modules scripts/db.mjs migrate | new <name> | check
// DATABASE_URL names the database; `migrate` creates it first when it does not exist.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(root, 'prisma', 'schema');
const migrationsDir = path.join(root, 'prisma', 'migrations');
const lockfileName = 'migration_lock.toml';
const noFilters = { externalTables: [], externalEnums: [] };

function schemaFiles() {
  return readdirSync(schemaDir)
    .filter((name) => name.endsWith('.prisma'))
    .sort()
    .map((name) => ({
      path: path.join(schemaDir, name),
      content: readFileSync(path.join(schemaDir, name), 'utf8'),
    }));
}

function migrationsList() {
  const directories = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, lockfileName);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockfileName, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

function withDatabaseName(url, name) {
  const renamed = new URL(url);
  renamed.pathname = `/${encodeURIComponent(name)}`;
  return renamed.toString();
}

async function asAdmin(url, work) {
  const client = new pg.Client({ connectionString: withDatabaseName(url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdentifier = (name) => `"${name.replaceAll('"', '""')}"`;

async function ensureDatabase(url) {
  const name = databaseName(url);
  await asAdmin(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  });
}

// The engine replays the migrations into an empty database to compute a diff; it gets a throwaway one.
async function withShadowEngine(url, work) {
  const shadowUrl = withDatabaseName(url, `${databaseName(url)}_shadow_${process.pid}`);
  const dropShadow = () =>
    asAdmin(url, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(databaseName(shadowUrl))} WITH (FORCE)`),
    );
  await dropShadow();
  await ensureDatabase(shadowUrl);
  try {
    return await work(await openEngine(shadowUrl));
  } finally {
    await dropShadow();
  }
}

const pgCharTypeId = 18;
const pgTextTypeId = 25;

// The engine's catalog queries return Postgres' one-byte "char" columns, which it cannot read as "char";
// pg already hands them over as strings, so this migration tool reports them as text.
const reportCharAsText = (answer) => {
  for (const field of answer?.fields ?? [])
    if (field.dataTypeID === pgCharTypeId) field.dataTypeID = pgTextTypeId;
  return answer;
};
const plainQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function queryWithCharAsText(...args) {
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const callback = args[last];
    args[last] = (error, answer) => callback(error, error ? answer : reportCharAsText(answer));
  }
  const result = plainQuery.apply(this, args);
  return result instanceof Promise ? result.then(reportCharAsText) : result;
};

async function openEngine(url) {
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
  const datamodels = schemaFiles().map((file) => [file.path, file.content]);
  return SchemaEngine.new({ datamodels }, () => {}, adapterFactory);
}

async function pendingDiff(engine) {
  const list = migrationsList();
  const from = list.migrationDirectories.length > 0 ? { tag: 'migrations', ...list } : { tag: 'empty' };
  const result = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: schemaFiles() },
    script: true,
    shadowDatabaseUrl: null,
    exitCode: null,
    filters: noFilters,
  });
  const sql = (result.stdout ?? '').trim();
  return sql === '' || sql.startsWith('-- This is an empty migration') ? '' : `${sql}\n`;
}

async function migrate(url) {
  await ensureDatabase(url);
  const engine = await openEngine(url);
  const { appliedMigrationNames } = await engine.applyMigrations({
    migrationsList: migrationsList(),
    filters: noFilters,
  });
  return appliedMigrationNames;
}

async function newMigration(url, name) {
  if (!/^[a-z0-9_]+$/.test(name ?? ''))
    throw new Error('migration name must be lower snake case, e.g. add_numbers');
  const sql = await withShadowEngine(url, pendingDiff);
  if (sql === '') return null;
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const directory = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'migration.sql'), sql);
  const lockPath = path.join(migrationsDir, lockfileName);
  if (!existsSync(lockPath)) writeFileSync(lockPath, 'provider = "postgresql"\n');
  return directory;
}

const [command, argument] = process.argv.slice(2);
const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchyard';
try {
  if (command === 'migrate') {
    const applied = await migrate(url);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } else if (command === 'new') {
    const created = await newMigration(url, argument);
    console.log(
      created
        ? `created ${path.relative(root, created)}`
        : 'schema matches the migrations; nothing to create',
    );
  } else if (command === 'check') {
    const sql = await withShadowEngine(url, pendingDiff);
    if (sql !== '') {
      console.error(`schema.prisma has changes that no migration holds:\n${sql}`);
      process.exit(1);
    }
    console.log('migrations match the schema');
  } else {
    console.error('usage: db.mjs migrate | new <name> | check');
    process.exit(2);
  }
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

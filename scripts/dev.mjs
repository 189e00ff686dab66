// Local quick start: prepares .env on first run, migrates, seeds the demo account and starts api, worker and sip.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

if (!existsSync('.env')) {
  copyFileSync('.env.example', '.env');
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(
    '.env',
    readFileSync('.env', 'utf8').replace(/^AUTH_TOKEN_SECRET=.*$/m, `AUTH_TOKEN_SECRET=${secret}`),
  );
  console.log('Created .env from .env.example with a new AUTH_TOKEN_SECRET.');
}
process.loadEnvFile('.env');

const run = (script) =>
  execFileSync('npm', ['run', '--silent', script], { stdio: 'inherit', env: process.env });
run('db:migrate');
run('db:seed');
run('start');

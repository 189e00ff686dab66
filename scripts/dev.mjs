// Local quick start: prepares .env on first run, migrates, seeds the demo account and starts api, worker and sip.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

if (!existsSync('.env')) {
  copyFileSync('.env.example', '.env');
  const secret = () => randomBytes(32).toString('base64url');
  const env = readFileSync('.env', 'utf8')
    .replace(/^AUTH_TOKEN_SECRET=.*$/m, `AUTH_TOKEN_SECRET=${secret()}`)
    .replace(/^SIP_NONCE_SECRET=.*$/m, `SIP_NONCE_SECRET=${secret()}`);
  writeFileSync('.env', env);
  console.log('Created .env from .env.example with new AUTH_TOKEN_SECRET and SIP_NONCE_SECRET.');
}
process.loadEnvFile('.env');

const run = (script) =>
  execFileSync('npm', ['run', '--silent', script], { stdio: 'inherit', env: process.env });
run('db:migrate');
run('db:seed');
run('start');

// Creates the demo account, its owner and a full-access API key, and prints them. Safe to run again: the existing
// demo account is kept and gets a new key, so the printed key always works.
import 'reflect-metadata';
import { Global, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountProvisioningService, AccountsModule, ApiKeyService } from '@switchyard/accounts';
import { AuthModule } from '@switchyard/auth';
import { loadApiConfig, loadOrExit } from '@switchyard/config';
import { CLOCK, systemClock } from '@switchyard/contracts';
import { DomainError } from '@switchyard/errors';
import { Database, DatabaseModule } from '@switchyard/prisma';

const demoOwner = {
  email: 'owner@demo.switchyard.dev',
  name: 'Demo Owner',
  password: 'switchyard-demo-password',
};

async function provisionOrReuse(app: INestApplicationContext) {
  try {
    const demo = await app.get(AccountProvisioningService).provision({
      name: 'Demo Company',
      country: 'US',
      timezone: 'America/New_York',
      owner: demoOwner,
    });
    return { created: true, accountId: demo.account.id, apiKeySecret: demo.apiKeySecret };
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'email_taken')) throw error;
    const owner = await app.get(Database).root.user.findUniqueOrThrow({ where: { email: demoOwner.email } });
    const principal = {
      kind: 'user' as const,
      accountId: owner.accountId,
      userId: owner.id,
      role: owner.role,
      scopes: new Set(['*']),
    };
    const { secret } = await app.get(ApiKeyService).create(principal, { name: 'Demo key', scopes: ['*'] });
    return { created: false, accountId: owner.accountId, apiKeySecret: secret };
  }
}

async function seed(): Promise<void> {
  const config = loadOrExit(() => loadApiConfig());
  @Global()
  @Module({
    imports: [
      DatabaseModule.forRoot({ url: config.database.url }),
      AuthModule.forRoot({ tokenSecret: config.auth.tokenSecret, apiKeyCacheMs: 0, lastUsedResolutionMs: 0 }),
      AccountsModule.forRoot(config.auth),
    ],
    providers: [{ provide: CLOCK, useValue: systemClock }],
    exports: [CLOCK],
  })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: false });
  try {
    const demo = await provisionOrReuse(app);
    process.stdout.write(
      [
        demo.created ? 'Demo account created.' : 'Demo account exists; issued a new API key for it.',
        `  account:   ${demo.accountId}`,
        `  owner:     ${demoOwner.email} / ${demoOwner.password}`,
        `  API key:   ${demo.apiKeySecret}`,
        '',
        'Try it:',
        `  curl -H "Authorization: Bearer ${demo.apiKeySecret}" http://localhost:${config.http.port}/v1/account`,
        '',
      ].join('\n'),
    );
  } finally {
    await app.close();
  }
}

void seed();

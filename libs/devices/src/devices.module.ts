import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type RedisConfig, type SipDomainConfig, type SipConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { type Logger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { CallerAuthenticator } from './application/caller-authenticator';
import { DeviceDirectory } from './application/device-directory';
import { DeviceService } from './application/device.service';
import { EDGE_SECURITY_CONFIG, REGISTRAR_CONFIG, SIP_DOMAIN_CONFIG } from './application/devices-settings';
import { EdgeSecurityService } from './application/edge-security.service';
import { DigestAuthenticator } from './application/digest-authenticator';
import { RegistrarService } from './application/registrar.service';
import { SipBanService } from './application/sip-ban.service';
import { SipDomainService } from './application/sip-domain.service';
import { SipSecurityEventPublisher } from './application/sip-security-event-publisher';
import { DevicesController } from './http/devices.controller';
import { SipSecurityController } from './http/sip-security.controller';
import { AccountNameReader } from './infrastructure/account-name.reader';
import { AccountSipDomainRepository } from './infrastructure/account-sip-domain.repository';
import { BanStore } from './infrastructure/ban.store';
import { DeviceRepository } from './infrastructure/device.repository';
import { LocationStore } from './infrastructure/location.store';
import { NonceCountStore } from './infrastructure/nonce-count.store';
import { SipRedis } from './infrastructure/sip-redis';

function sharedProviders(sip: SipDomainConfig, redis: RedisConfig): Provider[] {
  return [
    { provide: SIP_DOMAIN_CONFIG, useValue: sip },
    {
      provide: SipRedis,
      useFactory: (connection: QueueConnection) => new SipRedis(connection.createClient(), redis.keyPrefix),
      inject: [QueueConnection],
    },
    AccountNameReader,
    AccountSipDomainRepository,
    DeviceRepository,
    LocationStore,
    BanStore,
    SipDomainService,
  ];
}

/**
 * Devices and their SIP credentials, the registrar and edge security. The api serves the REST side (`forApi`); the
 * sip app gets the registrar, edge security, caller authentication and the device directory (`forSip`), and the
 * logger that ban reports go to. Needs Database, CLOCK and QueueConnection from the app; `forApi` also the accounts
 * context's AccountDirectory.
 */
@Module({})
export class DevicesModule {
  static forApi(config: { readonly sip: SipDomainConfig; readonly redis: RedisConfig }): DynamicModule {
    return {
      module: DevicesModule,
      controllers: [DevicesController, SipSecurityController],
      providers: [...sharedProviders(config.sip, config.redis), DeviceService, SipBanService],
    };
  }

  static forSip(config: SipConfig, logger: Logger): DynamicModule {
    return {
      module: DevicesModule,
      providers: [
        ...sharedProviders(config.registrar, config.redis),
        { provide: REGISTRAR_CONFIG, useValue: config.registrar },
        { provide: EDGE_SECURITY_CONFIG, useValue: config.edgeSecurity },
        {
          provide: EventPublisher,
          useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
          inject: [Database, CLOCK],
        },
        {
          provide: SipSecurityEventPublisher,
          useFactory: (events: EventPublisher, domains: SipDomainService) =>
            new SipSecurityEventPublisher(events, domains, logger),
          inject: [EventPublisher, SipDomainService],
        },
        NonceCountStore,
        EdgeSecurityService,
        DigestAuthenticator,
        RegistrarService,
        CallerAuthenticator,
        DeviceDirectory,
      ],
      exports: [RegistrarService, EdgeSecurityService, CallerAuthenticator, DeviceDirectory],
    };
  }
}

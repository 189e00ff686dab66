import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type RedisConfig, type SipDomainConfig, type SipConfig } from '@switchyard/config';
import { QueueConnection } from '@switchyard/queue';
import { DeviceService } from './application/device.service';
import { EDGE_SECURITY_CONFIG, REGISTRAR_CONFIG, SIP_DOMAIN_CONFIG } from './application/devices-settings';
import { EdgeSecurityService } from './application/edge-security.service';
import { RegistrarService } from './application/registrar.service';
import { SipBanService } from './application/sip-ban.service';
import { SipDomainService } from './application/sip-domain.service';
import { SIP_SECURITY_EVENTS, type SipSecurityEvents } from './application/sip-security-events';
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
 * sip app gets the registrar and edge security services (`forSip`). Needs Database, CLOCK and QueueConnection from
 * the app; `forApi` also the accounts context's AccountDirectory, `forSip` a SipSecurityEvents implementation.
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

  static forSip(config: SipConfig, events: SipSecurityEvents): DynamicModule {
    return {
      module: DevicesModule,
      providers: [
        ...sharedProviders(config.registrar, config.redis),
        { provide: REGISTRAR_CONFIG, useValue: config.registrar },
        { provide: EDGE_SECURITY_CONFIG, useValue: config.edgeSecurity },
        { provide: SIP_SECURITY_EVENTS, useValue: events },
        NonceCountStore,
        EdgeSecurityService,
        RegistrarService,
      ],
      exports: [RegistrarService, EdgeSecurityService],
    };
  }
}

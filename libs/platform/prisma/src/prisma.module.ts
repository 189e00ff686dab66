import { type DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Database, type DatabaseSettings } from './database';

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: Database, useFactory: () => new Database(settings) },
        {
          provide: DatabaseLifecycle,
          useFactory: (database: Database) => new DatabaseLifecycle(database),
          inject: [Database],
        },
      ],
      exports: [Database],
    };
  }
}

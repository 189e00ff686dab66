export * from './accounts.module';
export * from './application/account-provisioning.service';
export * from './domain/account-rules';
export * from './application/api-key.service';
export * from './application/account-directory.service';

export * from './principal';
export * from './secrets';
export * from './access-token';
export * from './authenticator';
export * from './auth.guard';
export * from './auth.module';

export * from './problem-exception.filter';
export * from './validation';
export * from './pagination';
export * from './idempotency.interceptor';
export * from './request-id';
export * from './openapi';
export * from './csv';

export * from './config-loader';
export * from './app-config';

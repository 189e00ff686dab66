export * from './local-disk.storage';

export * from './database';
export * from './prisma.module';
export { Prisma } from './generated/client';
export type * from './generated/models';
export * from './generated/enums';

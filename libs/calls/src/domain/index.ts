export * from './call-policy';
export * from './call-status';
export * from './call-timeline';
export * from './caller-id';
export * from './dial-plan';
export * from './sandbox-far-end';
export * from './toll-fraud';

export * from './errors';
export type * from './account';
export type * from './folder';
export type * from './message';
export type * from './events';
export type * from './app-info';
export type * from './mailbox';

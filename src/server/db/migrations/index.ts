import type { Migration } from 'kysely';
import * as createDirectory from './20261129000100_create_directory.ts';

/** Every migration, in order. Append only. */
export const migrations: Record<string, Migration> = {
  '20261129000100_create_directory': createDirectory,
};

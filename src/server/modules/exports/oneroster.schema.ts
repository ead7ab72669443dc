import { z } from 'zod';

export const RosterExportParamsSchema = z.strictObject({ schoolId: z.string().min(1).max(64) });

export const RosterExportQuerySchema = z.strictObject({
  /** Include legal guardians (and contacts the school opened) with their e-mail and their children as agents. */
  guardians: z.enum(['true', 'false', '1', '0']).default('true'),
});

export const RosterFileSchema = z.unknown().describe('a zip of OneRoster 1.1 CSV files (bulk)');

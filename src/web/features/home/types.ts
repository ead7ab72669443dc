// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type { FamilyHomeSchema } from '../../../server/modules/home/home.family.schema.ts';

export type FamilyHome = z.infer<typeof FamilyHomeSchema>;
export type FamilyHomePupil = FamilyHome['pupils'][number];

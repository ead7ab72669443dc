// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type { HandInListSchema, HandInSchema, MyHandInSchema } from '../../../server/modules/handin/handin.schema.ts';

export type HandIn = z.infer<typeof HandInSchema>;
export type MyHandIn = z.infer<typeof MyHandInSchema>;
export type HandInList = z.infer<typeof HandInListSchema>;

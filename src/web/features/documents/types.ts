// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  DocumentDetailSchema,
  DocumentSchema,
  SpaceContentSchema,
  SpaceFilesSchema,
  SpaceListSchema,
  SpaceSchema,
  UsageSchema,
} from '../../../server/modules/documents/documents.schema.ts';

export type Space = z.infer<typeof SpaceSchema>;
export type SpaceList = z.infer<typeof SpaceListSchema>;
export type SpaceContent = z.infer<typeof SpaceContentSchema>;
export type SpaceFiles = z.infer<typeof SpaceFilesSchema>;
export type DocumentItem = z.infer<typeof DocumentSchema>;
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;
export type Usage = z.infer<typeof UsageSchema>;

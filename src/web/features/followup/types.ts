// Types only, from the server's Zod schemas: no server code in the bundle.
import type { z } from 'zod';
import type {
  ActionSchema,
  CompartmentSchema,
  EntryKindSchema,
  EntrySchema,
  FileBlocksSchema,
  MeetingDetailSchema,
  MeetingListSchema,
  PupilFileSchema,
  ReadListSchema,
} from '../../../server/modules/followup/followup.schema.ts';

export type PupilFile = z.infer<typeof PupilFileSchema>;
export type FileBlocks = z.infer<typeof FileBlocksSchema>;
export type Entry = z.infer<typeof EntrySchema>;
export type Compartment = z.infer<typeof CompartmentSchema>;
export type EntryKind = z.infer<typeof EntryKindSchema>;
export type MeetingList = z.infer<typeof MeetingListSchema>;
export type MeetingDetail = z.infer<typeof MeetingDetailSchema>;
export type FollowupAction = z.infer<typeof ActionSchema>;
export type ReadList = z.infer<typeof ReadListSchema>;

export const ENTRY_KINDS: EntryKind[] = ['entretien', 'appel', 'observation', 'reunion', 'action'];

// Types from the server's Zod schemas, as types only: no server code in the bundle.
import type { z } from 'zod';
import type {
  AppreciationInputSchema,
  AppreciationSchema,
  ClassOverviewSchema,
  CouncilInputSchema,
  CouncilSchema,
  PublishResultSchema,
  ReadsSchema,
  ReportCardListSchema,
  ReportCardSchema,
  StaffClassListSchema,
} from '../../../server/modules/reportcards/reportcards.schema.ts';
import type { COUNCIL_DECISIONS } from '../../../server/modules/reportcards/reportcards.snapshot.ts';

export type StaffClassList = z.infer<typeof StaffClassListSchema>;
export type StaffClass = StaffClassList['classes'][number];
export type ClassOverview = z.infer<typeof ClassOverviewSchema>;
export type OverviewSubject = ClassOverview['subjects'][number];
export type OverviewPupil = ClassOverview['pupils'][number];
export type OverviewCell = ClassOverview['cells'][number];
export type OverviewCouncil = ClassOverview['council'][number];
export type AppreciationBody = z.input<typeof AppreciationInputSchema>;
export type Appreciation = z.infer<typeof AppreciationSchema>;
export type CouncilBody = z.input<typeof CouncilInputSchema>;
export type Council = z.infer<typeof CouncilSchema>;
export type PublishResult = z.infer<typeof PublishResultSchema>;
export type Reads = z.infer<typeof ReadsSchema>;
export type ReportCardList = z.infer<typeof ReportCardListSchema>;
export type ReportCardItem = ReportCardList['reportCards'][number];
export type ReportCard = z.infer<typeof ReportCardSchema>;
export type Snapshot = ReportCard['snapshot'];
export type CouncilDecision = (typeof COUNCIL_DECISIONS)[number];

/** In the order the council's select shows them. */
export const DECISIONS: readonly CouncilDecision[] = [
  'felicitations',
  'compliments',
  'encouragements',
  'mise_en_garde_travail',
  'mise_en_garde_comportement',
];

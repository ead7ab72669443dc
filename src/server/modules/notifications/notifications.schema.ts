import { z } from 'zod';

const Id = z.string().min(1).max(64);

export const NotificationParamsSchema = z.strictObject({ id: Id });

export const NotificationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
  unreadOnly: z.enum(['true', 'false', '1', '0']).optional(),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  schoolId: z.string().nullable(),
  /** French text: shown when `message` is null (older notifications) or its key is unknown to the app. */
  title: z.string(),
  body: z.string(),
  /** The message to render in the reader's language: a key of the `notify` catalogue and its parameters. */
  message: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema),
  /** Pass as `cursor` for the next (older) page; null when there is none. */
  nextCursor: z.string().nullable(),
});

export const UnreadCountSchema = z.object({ count: z.number().int() });
export const ReadAllResultSchema = z.object({ updated: z.number().int() });

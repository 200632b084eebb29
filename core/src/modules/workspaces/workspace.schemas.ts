import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '時刻は HH:MM で指定してください / Use HH:MM');

export const OpeningHoursEntry = z
  .strictObject({ day: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), opens: HHMM, closes: HHMM })
  .refine((h) => h.opens < h.closes, {
    message: '閉館は開館より後にしてください / Closing time must be after opening time',
    path: ['closes'],
  });

const workspaceShape = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['coworking', 'home']),
  address: z.string().trim().max(200).default(''),
  seats: z.number().int().min(0).max(10_000).default(0),
  openingHours: z.array(OpeningHoursEntry).max(21).default([]),
  childcare: z.boolean().default(false),
};

export const CreateWorkspaceBody = z.strictObject(workspaceShape);
export type CreateWorkspace = z.output<typeof CreateWorkspaceBody>;

export const UpdateWorkspaceBody = z
  .strictObject({
    name: workspaceShape.name,
    kind: workspaceShape.kind,
    address: z.string().trim().max(200),
    seats: z.number().int().min(0).max(10_000),
    openingHours: z.array(OpeningHoursEntry).max(21),
    childcare: z.boolean(),
  })
  .partial();
export type UpdateWorkspace = z.output<typeof UpdateWorkspaceBody>;

export const WorkspaceView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['coworking', 'home']),
  address: z.string(),
  seats: z.number().int(),
  openingHours: z.array(OpeningHoursEntry),
  childcare: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

import { z } from 'zod';
import { invoiceRegistrationNumber } from './invoice-registration-number.js';

export const CLIENT_KINDS = ['company', 'municipal_department'] as const;

const Phone = z
  .string()
  .trim()
  .regex(/^[0-9+()\- ]{0,20}$/, '電話番号は半角数字と + ( ) - で20文字まで / Phone: up to 20 of 0-9 + ( ) -');
const Email = z.union([z.email(), z.literal('')]);

const contactShape = {
  person: z.string().trim().max(100),
  email: Email,
  phone: Phone,
};
const invoiceShape = {
  billingAddress: z.string().trim().max(300),
  registrationNumber: invoiceRegistrationNumber.nullable(),
};

export const CreateClientBody = z.strictObject({
  kind: z.enum(CLIENT_KINDS),
  name: z.string().trim().min(1).max(200),
  contact: z
    .strictObject({
      person: contactShape.person.default(''),
      email: Email.default(''),
      phone: Phone.default(''),
    })
    .prefault({}),
  invoice: z
    .strictObject({
      billingAddress: invoiceShape.billingAddress.default(''),
      registrationNumber: invoiceShape.registrationNumber.default(null),
    })
    .prefault({}),
});
export type CreateClient = z.output<typeof CreateClientBody>;

export const UpdateClientBody = z.strictObject({
  kind: z.enum(CLIENT_KINDS).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  contact: z.strictObject(contactShape).partial().optional(),
  invoice: z.strictObject(invoiceShape).partial().optional(),
});
export type UpdateClient = z.output<typeof UpdateClientBody>;

export const LinkClientUserBody = z.strictObject({ userId: z.uuid() });

export const ClientView = z.object({
  id: z.uuid(),
  kind: z.enum(CLIENT_KINDS),
  name: z.string(),
  contact: z.object({ person: z.string(), email: z.string(), phone: z.string() }),
  invoice: z.object({ billingAddress: z.string(), registrationNumber: z.string().nullable() }),
  users: z.array(z.object({ userId: z.uuid(), email: z.string(), displayName: z.string() })),
  createdAt: z.date(),
  updatedAt: z.date(),
});

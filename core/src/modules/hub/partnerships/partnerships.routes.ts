import { z } from 'zod';
import { defineRoute } from '../../../http/route.js';
import {
  Agreement,
  CreatePartnerBody,
  HubItemParams,
  PartnerItemParams,
  PartnerParams,
  PartnershipView,
  PartnerView,
  TenantParams,
  TickBody,
} from './partnerships.schemas.js';
import type { PartnershipsService } from './partnerships.service.js';

/** The hub's side: hub admins of the hub only (404 in any other centre). */
const hubAdmins = { kind: 'tenant', roles: ['hub_admin'], hubOnly: true } as const;
/** The partner's side: its admin reads and ticks; its directors read. */
const partnerReaders = { kind: 'tenant', roles: ['tenant_admin', 'director'] } as const;
const partnerAdmins = { kind: 'tenant', roles: ['tenant_admin'] } as const;
const tags = ['hub'];

export const partnershipsRoutes = (partnerships: PartnershipsService) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/partners',
    summary: 'ハブ: パートナーセンターと立ち上げ状況 / Hub: partner centres, agreements and launch progress',
    tags,
    access: hubAdmins,
    params: TenantParams,
    response: { status: 200, description: 'Partners', schema: z.array(PartnerView) },
    handle: () => partnerships.list(),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/partners',
    summary: 'ハブ: パートナーセンターを立ち上げる / Hub: start a partner centre (the wizard)',
    tags,
    access: hubAdmins,
    params: TenantParams,
    body: CreatePartnerBody,
    response: { status: 201, description: 'The new partner', schema: PartnerView },
    handle: ({ body }) => partnerships.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/partners/:slug',
    summary: 'ハブ: パートナーセンター / Hub: one partner centre',
    tags,
    access: hubAdmins,
    params: PartnerParams,
    response: { status: 200, description: 'The partner', schema: PartnerView },
    handle: ({ params }) => partnerships.get(params.slug),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/partners/:slug/agreement',
    summary: 'ハブ: 業務と単価の取り決め / Hub: set the agreement (work types, rates, margin)',
    tags,
    access: hubAdmins,
    params: PartnerParams,
    body: Agreement,
    response: { status: 200, description: 'The partner', schema: PartnerView },
    handle: ({ params, body }) => partnerships.putAgreement(params.slug, body),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/partners/:slug/checklist/:item',
    summary: 'ハブ: 立ち上げチェックリスト（ハブ側） / Hub: tick the hub’s column of the launch checklist',
    tags,
    access: hubAdmins,
    params: HubItemParams,
    body: TickBody,
    response: { status: 200, description: 'The partner', schema: PartnerView },
    handle: ({ params, body }) => partnerships.tickAsHub(params.slug, params.item, body.done),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/partnership',
    summary:
      'ハブとの連携: 取り決めとチェックリスト / Hub partnership: the agreement and the launch checklist',
    tags,
    access: partnerReaders,
    params: TenantParams,
    response: { status: 200, description: 'The partnership', schema: PartnershipView },
    handle: () => partnerships.mine(),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/partnership/checklist/:item',
    summary: '立ち上げチェックリスト（センター側） / Tick the centre’s column of the launch checklist',
    tags,
    access: partnerAdmins,
    params: PartnerItemParams,
    body: TickBody,
    response: { status: 200, description: 'The partnership', schema: PartnershipView },
    handle: ({ params, body }) => partnerships.tickAsPartner(params.item, body.done),
  }),
];

import type { Container } from 'inversify';
import { Database } from '../../../db/database.js';
import { runInTenantScope } from '../../../db/request-context.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { TrainingService } from './training.service.js';

const DAY_MS = 86_400_000;

/** `days` from today at hh:mm in Tokyo, ISO 8601 with the offset. */
function tokyoAt(days: number, hhmm: string): string {
  const day = new Date(Date.now() + 9 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
  return `${day}T${hhmm}:00+09:00`;
}

/**
 * Demo data of the hub's training, for the demo hub (`slug`, e.g. 'shiojiri'): three courses — image
 * annotation (grants the plugin's 'image-annotation' skill), data entry ('typing-ja') and director training —
 * with upcoming sessions online, at the hub and at a partner centre when there is one. Does nothing when the
 * hub already has courses, or when `slug` is not a hub. Call it after the demo partnerships exist, so a
 * session can be held at a partner centre (without one, that session is held at the hub).
 */
export async function seedDemoTraining(container: Container, slug: string): Promise<void> {
  const db = container.get(Database);
  const tenant = await container.get(TenantsService).findBySlug(slug);
  if (tenant?.kind !== 'hub') return;
  const admin = await db.withTenant(tenant.id, (tx) =>
    tx
      .selectFrom('memberships')
      .select('user_id')
      .where('role', '=', 'hub_admin')
      .orderBy('created_at')
      .executeTakeFirst(),
  );
  const as = <T>(fn: () => Promise<T>) =>
    runInTenantScope(
      { tenant, role: 'hub_admin', actor: { userId: admin?.user_id ?? null, tokenId: null } },
      fn,
    );
  const training = container.get(TrainingService);
  if ((await as(() => training.listCourses())).length > 0) return;
  const centres = await as(() => training.centresOfNetwork());
  const partner = centres.find((c) => c.slug !== slug)?.slug ?? slug;

  const annotation = await as(() =>
    training.createCourse({
      titleJa: '画像アノテーション基礎（AI教師データ）',
      titleEn: 'Image annotation basics (AI training data)',
      audience: 'worker',
      workType: 'image-annotation',
      skills: ['image-annotation'],
      passScore: 70,
      description:
        '道路画像の車両・歩行者・標識を矩形で囲む作業の基本、ラベルの定義、品質基準（IoU）と確認の流れ。修了テスト70点以上で合格。',
      published: true,
    }),
  );
  await as(() =>
    training.addSession(annotation.id, {
      startsAt: tokyoAt(7, '10:00'),
      endsAt: tokyoAt(7, '12:00'),
      mode: 'online',
      centre: null,
      place: 'オンライン（Zoom。URL は申込み後にセンターからお知らせします）',
      capacity: 30,
    }),
  );
  await as(() =>
    training.addSession(annotation.id, {
      startsAt: tokyoAt(14, '13:30'),
      endsAt: tokyoAt(14, '15:30'),
      mode: 'centre',
      centre: partner,
      place: '',
      capacity: 12,
    }),
  );

  const entry = await as(() =>
    training.createCourse({
      titleJa: 'データ入力・デジアナ変換 実務研修',
      titleEn: 'Data entry and analog-digital conversion in practice',
      audience: 'worker',
      workType: 'data-entry',
      skills: ['typing-ja'],
      passScore: 80,
      description: '紙の申請書・アンケートの入力、ダブルエントリーによる照合、個人情報の取り扱い。',
      published: true,
    }),
  );
  await as(() =>
    training.addSession(entry.id, {
      startsAt: tokyoAt(10, '09:30'),
      endsAt: tokyoAt(10, '12:00'),
      mode: 'centre',
      centre: slug,
      place: '塩尻市市民交流センター えんぱーく 3階',
      capacity: 15,
    }),
  );

  const directors = await as(() =>
    training.createCourse({
      titleJa: 'ディレクター研修（受注の分解・品質管理）',
      titleEn: 'Director training: splitting orders and quality control',
      audience: 'director',
      workType: null,
      skills: [],
      passScore: 60,
      description:
        '受注を作業に分解し、ワーカーの時間に合わせて割り当て、QCD を保つための確認とフィードバック。',
      published: true,
    }),
  );
  await as(() =>
    training.addSession(directors.id, {
      startsAt: tokyoAt(21, '14:00'),
      endsAt: tokyoAt(21, '17:00'),
      mode: 'online',
      centre: null,
      place: 'オンライン',
      capacity: 20,
    }),
  );
}

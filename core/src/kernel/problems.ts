/**
 * RFC 9457 problem details. Every error a client sees is one of these types; the `type` URI is stable
 * and documented at /api/problems/<slug>. Titles are Japanese first, English second.
 */
export const PROBLEM_TYPES = {
  'validation-failed': { status: 400, title: '入力内容に誤りがあります / The request has invalid fields' },
  'malformed-body': {
    status: 400,
    title: 'リクエスト本文を読み取れません / The request body is not valid JSON',
  },
  unauthenticated: { status: 401, title: 'サインインが必要です / Sign-in required' },
  'invalid-credentials': {
    status: 401,
    title: 'メールアドレスまたはパスワードが違います / Wrong e-mail address or password',
  },
  forbidden: { status: 403, title: 'この操作の権限がありません / You are not allowed to do this' },
  'csrf-failed': {
    status: 403,
    title: 'CSRF トークンが一致しません / Missing or wrong CSRF token',
  },
  'tenant-suspended': {
    status: 403,
    title: 'このセンターは停止中のため変更できません / This centre is suspended and read-only',
  },
  'not-found': { status: 404, title: '見つかりません / Not found' },
  conflict: { status: 409, title: '既存のデータと競合しています / Conflicts with existing data' },
  unprocessable: { status: 422, title: '処理できない指定です / The request cannot be processed' },
  'over-budget': {
    status: 409,
    title:
      '予算を超えるため登録できません（管理者が理由を付けて承認できます） / Over budget: a tenant admin may override with a reason',
  },
  gone: { status: 410, title: '有効期限が切れたか、使用済みです / Expired or already used' },
  'payload-too-large': { status: 413, title: 'リクエストが大きすぎます / The request body is too large' },
  'unsupported-media-type': {
    status: 415,
    title: 'JSON で送信してください / Send the body as application/json',
  },
  'too-many-requests': {
    status: 429,
    title: '試行回数が多すぎます。しばらく待ってください / Too many attempts; wait and try again',
  },
  internal: { status: 500, title: 'サーバーでエラーが発生しました / Internal server error' },
  unavailable: { status: 503, title: '一時的に利用できません / Temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/email` or `/query/limit`. */
  pointer: string;
  detail: string;
  code: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemTypeUri = (type: ProblemType) => `/api/problems/${type}`;

export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly type: ProblemType,
    readonly detail?: string,
    readonly extensions: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[type].title);
    this.status = PROBLEM_TYPES[type].status;
  }

  toBody(instance?: string): ProblemBody {
    const body: ProblemBody = {
      type: problemTypeUri(this.type),
      title: PROBLEM_TYPES[this.type].title,
      status: this.status,
    };
    if (this.detail) body.detail = this.detail;
    if (instance) body.instance = instance;
    if (this.extensions.errors) body.errors = this.extensions.errors;
    return body;
  }
}

export const notFound = (ja: string, en: string) =>
  new Problem('not-found', `${ja}が見つかりません / ${en} not found`);

import { ApiError, type FieldError } from './api';
import { session } from './session.svelte';

/**
 * Sends a file as the raw request body (PUT or POST under /api) with upload progress, which fetch cannot
 * report. Carries the session's CSRF token like api.ts; a failure is thrown as ApiError the same way.
 */
export interface UploadOptions {
  method?: 'PUT' | 'POST';
  /** Called with 0–100 as the bytes go out. */
  onprogress?: (percent: number) => void;
  signal?: AbortSignal;
}

const NETWORK_TITLE = 'サーバーに接続できません / Cannot reach the server';

function problemOf(status: number, text: string): ApiError {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: keep the status only
  }
  const type = typeof body.type === 'string' ? (body.type.split('/').pop() ?? 'unknown') : 'unknown';
  const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
  const detail = typeof body.detail === 'string' ? body.detail : undefined;
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
  return new ApiError(status, type, title, detail, errors);
}

export function upload<T>(path: string, file: Blob, options: UploadOptions = {}): Promise<T> {
  const { method = 'PUT', onprogress, signal } = options;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `/api${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    const token = session.me?.csrfToken;
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        onprogress?.(Math.round((event.loaded * 100) / event.total));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onprogress?.(100);
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          resolve(undefined as T);
        }
      } else reject(problemOf(xhr.status, xhr.responseText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', NETWORK_TITLE, undefined, []));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'キャンセルしました / Cancelled', undefined, []));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

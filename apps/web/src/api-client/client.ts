import type { ErrorCode } from '@chorale/contracts';
import { common } from '../labels.ts';

/** An error answered by the API (`{error:{code,message,fields}}`) or a network failure. */
export class ApiError extends Error {
  readonly code: ErrorCode | 'NETWORK';
  readonly status: number;
  readonly fields: Record<string, string>;

  constructor(code: ErrorCode | 'NETWORK', message: string, status: number, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.fields = fields;
  }
}

function cookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The one fetch wrapper of the portal: JSON in and out (or a multipart FormData for uploads),
 * same-origin cookies, CSRF header on writes.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = cookie('chorale_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK', common.network, 0);
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: ErrorCode; message?: string; fields?: Record<string, string> } } | null)
      ?.error;
    throw new ApiError(
      error?.code ?? 'INTERNAL',
      error?.message ?? common.unexpected,
      response.status,
      error?.fields ?? {},
    );
  }
  return json as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : common.unexpected;
}

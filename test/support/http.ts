import { request } from 'node:http';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A small JSON client for the API under test. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  get<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  put<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body);
  }

  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path);
  }

  /** Sends a raw body (string or bytes) with the given content type, for malformed-input tests. */
  raw<T = any>(method: string, path: string, body: string | Uint8Array, contentType = 'application/json'): Promise<ApiResponse<T>> {
    return this.send<T>(method, path, body, { 'content-type': contentType });
  }

  /** Sends a multipart form (a file upload), as a browser's form would. */
  form<T = any>(method: string, path: string, form: FormData): Promise<ApiResponse<T>> {
    return this.send<T>(method, path, form, {});
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.send<T>(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? {} : { 'content-type': 'application/json' },
    );
  }

  private async send<T>(
    method: string,
    path: string,
    body: string | Uint8Array | FormData | undefined,
    headers: Record<string, string>,
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: { ...headers, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
    });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }
}

/**
 * Posts a large body with node:http, reading the answer even when the server replies (413) and closes
 * before the whole body is written — fetch reports that as a network error instead. When the server
 * closes with unread body bytes, TCP may reset the connection and lose the answer before the client reads
 * it; such an attempt is made again (up to 10 times), rather than left waiting forever.
 */
export async function postLargeBody(url: string, body: Buffer | string): Promise<{ status: number; body: any }> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    const answer = await postOnce(url, body);
    if (answer) return answer;
  }
  throw new Error(`POST ${url}: the connection was reset before an answer could be read, 10 times`);
}

function postOnce(url: string, body: Buffer | string): Promise<{ status: number; body: any } | undefined> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.on('close', () => {
      if (!answered) resolve(undefined);
    });
    req.end(body);
  });
}

/** A GET with node:http, which (unlike fetch) sends no Accept-Encoding and decompresses nothing. */
export function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The HTTP seam. Implementations live in infra/http.ts (proxy, CA bundle, time-outs, retries).
export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  /** Request body, already encoded (form or JSON). */
  body?: string;
  /** Overall time-out for this request in milliseconds. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

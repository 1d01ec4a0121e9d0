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
  /**
   * Opens the connection for a request to `url` that the caller is about to send, so that it comes up while the
   * caller loads the code that builds the request; resolves with the release to call once the request is sent or
   * abandoned. Optional: a client without it connects when it sends.
   */
  preconnect?(url: string): Promise<() => void>;
}

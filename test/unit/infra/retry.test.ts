import { describe, expect, it } from "vitest";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../src/infra/http-types.js";
import { HttpNetworkError, imdsRetryPolicy, retryAfterMs, tokenRetryPolicy, withRetries, type RetryPolicy } from "../../../src/infra/http.js";

/** A client answering from a script; a fake clock that advances only when the retry loop sleeps. */
function scripted(outcomes: (number | Error | HttpResponse)[], policy: RetryPolicy) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  let calls = 0;
  const inner: HttpClient = {
    async send() {
      const next = outcomes[Math.min(calls++, outcomes.length - 1)]!;
      if (next instanceof Error) throw next;
      return typeof next === "number" ? { status: next, headers: {}, body: "" } : next;
    },
  };
  const client = withRetries(inner, policy, { sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    now: () => now,
  });
  const request: HttpRequest = { method: "POST", url: "https://login.microsoftonline.com/t/oauth2/v2.0/token", body: "x" };
  return { send: () => client.send(request), sleeps, calls: () => calls };
}

describe("tokenRetryPolicy", () => {
  it.each([429, 500, 503, 599])("retries %i once after the 1 s minimum", async (status) => {
    const s = scripted([status, 200], tokenRetryPolicy());
    expect((await s.send()).status).toBe(200);
    expect(s.calls()).toBe(2);
    expect(s.sleeps).toEqual([1000]);
  });
  it("gives up after one retry and returns the last response", async () => {
    const s = scripted([500, 502, 200], tokenRetryPolicy());
    expect((await s.send()).status).toBe(502);
    expect(s.calls()).toBe(2);
  });
  it.each([400, 401, 404, 408])("does not retry %i", async (status) => {
    const s = scripted([status, 200], tokenRetryPolicy());
    expect((await s.send()).status).toBe(status);
    expect(s.calls()).toBe(1);
  });
  it("honours Retry-After seconds, never less than 1 s, capped", async () => {
    const withHeader = (value: string): HttpResponse => ({ status: 429, headers: { "retry-after": value }, body: "" });
    for (const [value, expected] of [["3", 3000], ["0", 1000], ["0.5", 1000], ["7200", 60_000]] as const) {
      const s = scripted([withHeader(value), 200], tokenRetryPolicy());
      await s.send();
      expect(s.sleeps).toEqual([expected]);
    }
  });
  it("parses Retry-After HTTP dates", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:05 GMT", now)).toBe(5000);
    expect(retryAfterMs("garbage", now)).toBeUndefined();
  });
  it("retries a refused connection once, but not a time-out", async () => {
    const refused = new HttpNetworkError("Failed to connect to h: connection refused", "h", "refused", "ECONNREFUSED");
    const timeout = new HttpNetworkError("Connection to h timed out after 30 s", "h", "timeout");
    const a = scripted([refused, 200], tokenRetryPolicy());
    expect((await a.send()).status).toBe(200);
    const b = scripted([timeout, 200], tokenRetryPolicy());
    await expect(b.send()).rejects.toBe(timeout);
    expect(b.calls()).toBe(1);
  });
});

describe("imdsRetryPolicy (msrestazure, as az 2.45 retries)", () => {
  it("retries 404/410/429/5xx up to 12 times with random picks among growing slots", async () => {
    const s = scripted([500], imdsRetryPolicy({ random: () => 0.999 }));
    expect((await s.send()).status).toBe(500);
    expect(s.calls()).toBe(13);
    expect(s.sleeps).toEqual([100, 300, 700, 1500, 3100, 6300, 12700, 25500, 51100, 102300, 204700, 409500]);
  });
  it("first pick is always the first slot; random 0 keeps picking it", async () => {
    const s = scripted([404, 429, 200], imdsRetryPolicy({ random: () => 0 }));
    expect((await s.send()).status).toBe(200);
    expect(s.sleeps).toEqual([100, 100]);
  });
  it("410 keeps waiting until 70 s have passed in total", async () => {
    const s = scripted([410], imdsRetryPolicy({ random: () => 0 }));
    expect((await s.send()).status).toBe(410);
    expect(s.calls()).toBe(14); // 1 + 12 retries + 1 after waiting out the gap
    expect(s.sleeps.reduce((a, b) => a + b, 0)).toBe(70_000);
  });
  it("any other status is final at once", async () => {
    const s = scripted([400, 200], imdsRetryPolicy());
    expect((await s.send()).status).toBe(400);
    expect(s.calls()).toBe(1);
  });
});

// TokenMemory with a hand-driven clock and timers: answers from memory, one fetch for many callers, refresh
// ahead of expiry while the previous token is still handed out, forgetting tokens nobody asks for.
import { describe, expect, it } from "vitest";
import type { AccessToken } from "../../../src/core/credentials/types.js";
import { TokenMemory, type TokenTarget } from "../../../src/core/serve/token-memory.js";

function world() {
  let nowMs = 1_000_000_000_000;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const fetches: { target: TokenTarget; resolve: (token: AccessToken) => void; reject: (error: Error) => void }[] = [];
  const backgroundErrors: unknown[] = [];
  const memory = new TokenMemory(
    (target) => new Promise((resolve, reject) => fetches.push({ target, resolve, reject })),
    {
      clock: { now: () => nowMs },
      setTimer(delayMs, run) {
        const timer = { at: nowMs + delayMs, run, cancelled: false };
        timers.push(timer);
        return () => (timer.cancelled = true);
      },
      onBackgroundError: (_target, error) => backgroundErrors.push(error),
    },
  );
  const nowS = () => Math.floor(nowMs / 1000);
  return {
    memory,
    fetches,
    backgroundErrors,
    nowS,
    token: (name: string, lifetimeS: number): AccessToken => ({ token: name, expiresOn: nowS() + lifetimeS }),
    /** Moves the clock and runs the timers that are due. */
    advance(ms: number) {
      nowMs += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= nowMs) timer.run();
        else timers.push(timer);
      }
    },
  };
}

const VAULT: TokenTarget = { scopes: ["https://vault.azure.net/.default"] };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("TokenMemory", () => {
  it("many callers, one fetch; then answers synchronously from memory", async () => {
    const w = world();
    const pending = Array.from({ length: 100 }, () => w.memory.get(VAULT));
    expect(w.fetches).toHaveLength(1);
    w.fetches[0]!.resolve(w.token("t1", 3600));
    expect(new Set(await Promise.all(pending)).size).toBe(1);
    expect(w.memory.get(VAULT)).toEqual({ token: "t1", expiresOn: w.nowS() + 3600 });
    expect(w.fetches).toHaveLength(1);
  });

  it("keys on scopes and tenant", () => {
    const w = world();
    void w.memory.get(VAULT);
    void w.memory.get({ ...VAULT, tenant: "other" });
    void w.memory.get({ scopes: ["https://storage.azure.com/.default"] });
    expect(w.fetches.map((fetch) => fetch.target)).toEqual([VAULT, { ...VAULT, tenant: "other" }, { scopes: ["https://storage.azure.com/.default"] }]);
  });

  it("refreshes a token in use once it reaches the 5-minute margin, handing out the old one meanwhile", async () => {
    const w = world();
    const first = w.memory.get(VAULT);
    w.fetches[0]!.resolve(w.token("t1", 3600));
    await first;
    w.memory.get(VAULT); // in use
    w.advance((3600 - 300) * 1000 - 2000);
    expect(w.fetches).toHaveLength(1);
    w.advance(3000); // the timer fires past the margin
    expect(w.fetches).toHaveLength(2);
    expect(w.memory.get(VAULT)).toMatchObject({ token: "t1" }); // still 299 s left: no caller waits
    w.fetches[1]!.resolve(w.token("t2", 3600));
    await settle();
    expect(w.memory.get(VAULT)).toMatchObject({ token: "t2" });
  });

  it("forgets a token nobody asked for since it was fetched instead of refreshing it", async () => {
    const w = world();
    const first = w.memory.get(VAULT);
    w.fetches[0]!.resolve(w.token("t1", 3600));
    await first;
    w.advance(3600 * 1000);
    expect(w.fetches).toHaveLength(1);
    void w.memory.get(VAULT);
    expect(w.fetches).toHaveLength(2);
  });

  it("a failed fetch without a token rejects every waiting caller; the next call tries again", async () => {
    const w = world();
    const pending = [w.memory.get(VAULT), w.memory.get(VAULT)];
    w.fetches[0]!.reject(new Error("AADSTS70043"));
    for (const p of pending) await expect(p).rejects.toThrow("AADSTS70043");
    void w.memory.get(VAULT);
    expect(w.fetches).toHaveLength(2);
  });

  it("a failed background refresh keeps the old token, reports the error and tries again later", async () => {
    const w = world();
    const first = w.memory.get(VAULT);
    w.fetches[0]!.resolve(w.token("t1", 3600));
    await first;
    w.memory.get(VAULT);
    w.advance((3600 - 299) * 1000);
    w.fetches[1]!.reject(new Error("network down"));
    await settle();
    expect(w.backgroundErrors).toEqual([new Error("network down")]);
    expect(w.memory.get(VAULT)).toMatchObject({ token: "t1" });
    expect(w.fetches).toHaveLength(2); // no retry storm
    w.advance(10_001);
    expect(w.memory.get(VAULT)).toMatchObject({ token: "t1" });
    expect(w.fetches).toHaveLength(3);
  });

  it("a token with under 150 s left is never handed out: callers wait for the fetch", async () => {
    const w = world();
    const first = w.memory.get(VAULT);
    w.fetches[0]!.resolve(w.token("short", 120));
    expect(await first).toMatchObject({ token: "short" }); // what the credential gave is passed on once
    w.advance(61_000);
    const next = w.memory.get(VAULT);
    expect(next).toBeInstanceOf(Promise);
    w.fetches[1]!.resolve(w.token("t2", 3600));
    expect(await next).toMatchObject({ token: "t2" });
  });
});

describe("the Node serve host's timers", () => {
  it("wait out delays longer than Node's 2^31-1 ms limit instead of firing at once", async () => {
    const { createServeHost } = await import("../../../src/infra/serve-host.js");
    let fired = 0;
    const cancel = createServeHost().setTimer(75 * 365 * 24 * 3600 * 1000, () => fired++);
    await new Promise((resolve) => setTimeout(resolve, 50));
    cancel();
    expect(fired).toBe(0);
  });
});

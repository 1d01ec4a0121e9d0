import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { installFastIsIP, isIP } from "../../../src/infra/net/ip.js";

const net = createRequire(import.meta.url)("node:net") as typeof import("node:net");
const nodeIsIP = net.isIP;

const SAMPLES = [
  "login.microsoftonline.com",
  "127.0.0.1",
  "10.0.0.256",
  "1.2.3",
  "01.2.3.4",
  "1.2.3.4.",
  "...",
  "",
  "::1",
  "::",
  "fe80::1%eth0",
  "2001:db8::1",
  "[::1]",
  "::ffff:127.0.0.1",
  "1:2:3:4:5:6:7:8:9",
  "localhost",
  "xn--bcher-kva.example",
  "1.2.3.4a",
  "a1.2.3.4",
  "12345",
  "0x7f.0.0.1",
  " 127.0.0.1",
  "127.0.0.1 ",
  "١٢٧.٠.٠.١",
];

describe("isIP", () => {
  it.each(SAMPLES)("%j: the same answer as Node's net.isIP", (sample) => {
    expect(isIP(sample)).toBe(nodeIsIP(sample));
  });

  it("installFastIsIP puts it on node:net, where Node's TLS looks it up, and TLS still checks names and addresses", async () => {
    installFastIsIP();
    expect(net.isIP).toBe(isIP);
    const tls = await import("node:tls");
    const byName = { subject: { CN: "login.microsoftonline.com" }, subjectaltname: "DNS:login.microsoftonline.com" } as never;
    const byAddress = { subject: { CN: "x" }, subjectaltname: "IP Address:127.0.0.1" } as never;
    expect(tls.checkServerIdentity("login.microsoftonline.com", byName)).toBeUndefined();
    expect(tls.checkServerIdentity("127.0.0.1", byAddress)).toBeUndefined();
    expect(tls.checkServerIdentity("127.0.0.1", byName)).toBeInstanceOf(Error);
    expect(tls.checkServerIdentity("login.microsoftonline.com", byAddress)).toBeInstanceOf(Error);
  });
});

import { describe, expect, it } from "vitest";
import { proxiesFromEnv, selectProxy } from "../../../src/infra/http/proxy.js";

const proxyFor = (url: string, env: Record<string, string>) => selectProxy(new URL(url), env)?.href;

describe("proxy variables (urllib getproxies_environment)", () => {
  it("lower-case wins over upper-case", () => {
    expect(proxyFor("https://login.microsoftonline.com/x", { HTTPS_PROXY: "http://upper:1", https_proxy: "http://lower:2" })).toBe("http://lower:2/");
  });
  it("upper-case is used alone", () => {
    expect(proxyFor("https://login.microsoftonline.com/x", { HTTPS_PROXY: "http://upper:1" })).toBe("http://upper:1/");
  });
  it("an empty lower-case variable disables the upper-case one", () => {
    expect(proxyFor("https://login.microsoftonline.com/x", { HTTPS_PROXY: "http://upper:1", https_proxy: "" })).toBeUndefined();
  });
  it("picks the scheme's proxy, then all_proxy", () => {
    const env = { http_proxy: "http://h:1", https_proxy: "http://s:2", ALL_PROXY: "http://a:3" };
    expect(proxyFor("http://169.254.169.254/metadata", env)).toBe("http://h:1/");
    expect(proxyFor("https://management.azure.com/", env)).toBe("http://s:2/");
    expect(proxyFor("https://management.azure.com/", { ALL_PROXY: "http://a:3" })).toBe("http://a:3/");
  });
  it("adds http:// to a proxy without scheme, like requests", () => {
    expect(proxyFor("https://x.example/", { HTTPS_PROXY: "proxy.corp:3128" })).toBe("http://proxy.corp:3128/");
  });
  it("drops HTTP_PROXY under CGI (REQUEST_METHOD set) but keeps http_proxy", () => {
    expect(proxyFor("http://x.example/", { HTTP_PROXY: "http://evil:1", REQUEST_METHOD: "GET" })).toBeUndefined();
    expect(proxyFor("http://x.example/", { http_proxy: "http://ok:1", REQUEST_METHOD: "GET" })).toBe("http://ok:1/");
  });
  it("proxies loopback and IMDS unless NO_PROXY says otherwise (as az does)", () => {
    expect(proxyFor("http://127.0.0.1:8080/", { http_proxy: "http://p:1" })).toBe("http://p:1/");
    expect(proxyFor("http://localhost/", { http_proxy: "http://p:1" })).toBe("http://p:1/");
    expect(proxyFor("http://169.254.169.254/metadata/identity/oauth2/token", { HTTP_PROXY: "http://127.0.0.1:9" })).toBe("http://127.0.0.1:9/");
  });
  it("reads other *_proxy names too", () => {
    expect(proxiesFromEnv({ FTP_PROXY: "x", no_proxy: "y" })).toEqual(new Map([["ftp", "x"], ["no", "y"]]));
  });
  it("rejects unsupported proxy schemes", () => {
    expect(() => proxyFor("https://x.example/", { https_proxy: "socks5://p:1080" })).toThrow(/Unsupported proxy scheme 'socks5'/);
  });
});

describe("NO_PROXY matching (requests should_bypass_proxies)", () => {
  // [url, NO_PROXY, bypassed?]
  const table: [string, string, boolean][] = [
    ["https://login.microsoftonline.com/t", "login.microsoftonline.com", true],
    ["https://login.microsoftonline.com/t", "microsoftonline.com", true],
    ["https://login.microsoftonline.com/t", ".microsoftonline.com", true],
    ["https://microsoftonline.com/t", ".microsoftonline.com", true], // urllib strips the leading dot
    ["https://login.microsoftonline.com/t", "online.com", true], // requests: raw suffix, no dot boundary
    ["https://login.microsoftonline.com/t", "microsoft.com", false],
    ["https://LOGIN.microsoftonline.com/t", "Login.MicrosoftOnline.com", true], // urllib lower-cases
    ["https://management.azure.com/", "*", true],
    ["https://management.azure.com/", "*.azure.com", false], // no glob support in requests or urllib
    ["https://management.azure.com/", "foo, management.azure.com ,bar", true],
    ["https://management.azure.com:8443/", "management.azure.com:8443", true],
    ["https://management.azure.com:8443/", "management.azure.com:9443", false],
    ["http://169.254.169.254/metadata", "169.254.169.254", true],
    ["http://169.254.169.254/metadata", "169.254.0.0/16", true],
    ["http://169.254.169.254/metadata", "10.0.0.0/8", false],
    ["http://169.254.169.254/metadata", "169.254", true], // urllib dot-suffix on an IP, as Python does
    ["http://127.0.0.1:5000/", "127.0.0.1", true],
    ["http://127.0.0.1:5000/", "localhost", false],
    ["http://localhost:5000/", "localhost", true],
    ["http://[::1]:5000/", "::1", true],
    ["https://login.microsoftonline.com/t", "", false],
  ];
  it.each(table)("%s with NO_PROXY=%j → bypass %s", (url, noProxy, bypass) => {
    const proxied = proxyFor(url, { HTTPS_PROXY: "http://p:1", HTTP_PROXY: "http://p:1", NO_PROXY: noProxy });
    expect(proxied === undefined).toBe(bypass);
  });
  it("lower-case no_proxy wins; an empty one falls back to NO_PROXY in requests' own check", () => {
    const base = { HTTPS_PROXY: "http://p:1" };
    expect(proxyFor("https://a.example/", { ...base, NO_PROXY: "a.example", no_proxy: "b.example" })).toBe("http://p:1/");
    expect(proxyFor("https://a.example/", { ...base, NO_PROXY: "a.example", no_proxy: "" })).toBeUndefined();
  });
});

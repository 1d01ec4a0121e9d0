// The request checks and the --print-env forms.
import { describe, expect, it } from "vitest";
import { formatEnvironment } from "../../../src/core/serve/environment.js";
import { AllowList, fromBrowser, hostAllowed, type Binding } from "../../../src/core/serve/guard.js";

const loopback: Binding = { kind: "tcp", host: "127.0.0.1", port: 4000 };
const wildcard: Binding = { kind: "tcp", host: "0.0.0.0", port: 4000 };
const bridge: Binding = { kind: "tcp", host: "172.17.0.1", port: 4000 };

describe("Host header", () => {
  it.each([
    [loopback, "127.0.0.1:4000", true],
    [loopback, "localhost:4000", true],
    [loopback, "LOCALHOST:4000", true],
    [loopback, "[::1]:4000", true],
    [loopback, "127.0.0.1", false],
    [loopback, "127.0.0.1:4001", false],
    [loopback, "evil.example:4000", false],
    [loopback, "host.docker.internal:4000", false],
    [loopback, undefined, false],
    [wildcard, "192.168.1.20:4000", true],
    [wildcard, "host.docker.internal:4000", true],
    [wildcard, "localhost:4000", true],
    [wildcard, "evil.example:4000", false],
    [bridge, "172.17.0.1:4000", true],
    [bridge, "host.docker.internal:4000", true],
    [bridge, "10.0.0.1:4000", false],
    [{ kind: "socket", path: "/tmp/s" } as Binding, "anything", true],
  ])("%o with Host %s: %s", (binding, header, allowed) => {
    expect(hostAllowed(binding, header)).toBe(allowed);
  });

  it("a browser is told by Origin or a cross-site Sec-Fetch-Site", () => {
    expect(fromBrowser({ origin: "null" })).toBe(true);
    expect(fromBrowser({ "sec-fetch-site": "same-site" })).toBe(true);
    expect(fromBrowser({ "sec-fetch-site": "none" })).toBe(false);
    expect(fromBrowser({ host: "x" })).toBe(false);
  });
});

describe("allow-list", () => {
  it("resources and scopes match ignoring case, trailing slashes and /.default", () => {
    const list = new AllowList(["https://vault.azure.net/"], ["https://graph.microsoft.com/User.Read"]);
    expect(list.allows(["https://vault.azure.net/.default"])).toBe(true);
    expect(list.allows(["https://VAULT.azure.net//.default"])).toBe(true);
    expect(list.allows(["https://graph.microsoft.com/User.Read"])).toBe(true);
    expect(list.allows(["https://graph.microsoft.com/User.Read", "https://storage.azure.com/.default"])).toBe(false);
    expect(list.allows(["https://vault.azure.net.evil/.default"])).toBe(false);
    expect(new AllowList().allows(["anything"])).toBe(true);
  });
});

describe("--print-env forms", () => {
  const secret = "ab".repeat(32);
  const endpoint = { binding: loopback, secret, pid: 42 };
  const base = "http://127.0.0.1:4000";

  it("sh, pwsh, cmd and dotenv name the same variables", () => {
    expect(formatEnvironment("sh", endpoint)).toBe(
      `export IDENTITY_ENDPOINT='${base}/msi/token'\nexport IDENTITY_HEADER='${secret}'\nexport AZD_AUTH_ENDPOINT='${base}'\nexport AZD_AUTH_KEY='${secret}'\nexport AZTOKEN_SERVE_PID='42'\n`,
    );
    expect(formatEnvironment("pwsh", endpoint).split("\n")[0]).toBe(`$env:IDENTITY_ENDPOINT = '${base}/msi/token'`);
    expect(formatEnvironment("cmd", endpoint).split("\n")[1]).toBe(`set "IDENTITY_HEADER=${secret}"`);
    expect(formatEnvironment("dotenv", endpoint).split("\n")[2]).toBe(`AZD_AUTH_ENDPOINT=${base}`);
    expect(formatEnvironment("dotenv", { binding: { kind: "socket", path: "/tmp/a b" }, secret })).toContain('AZTOKEN_SOCKET="/tmp/a b"\n');
  });

  it("docker: host.docker.internal for a wildcard bind, host networking for loopback, a mount for a socket", () => {
    expect(formatEnvironment("docker", { binding: wildcard, secret })).toBe(
      `--add-host=host.docker.internal:host-gateway -e IDENTITY_ENDPOINT=http://host.docker.internal:4000/msi/token -e IDENTITY_HEADER=${secret} ` +
        `-e AZD_AUTH_ENDPOINT=http://host.docker.internal:4000 -e AZD_AUTH_KEY=${secret}\n`,
    );
    expect(formatEnvironment("docker", endpoint)).toMatch(/^--network=host -e IDENTITY_ENDPOINT=http:\/\/127\.0\.0\.1:4000\/msi\/token /);
    expect(formatEnvironment("docker", { binding: bridge, secret })).toMatch(/^-e IDENTITY_ENDPOINT=http:\/\/172\.17\.0\.1:4000\/msi\/token /);
    expect(formatEnvironment("docker", { binding: { kind: "socket", path: "/run/user/1000/az.sock" }, secret })).toMatch(
      /^-v \/run\/user\/1000\/az\.sock:\/run\/aztoken\.sock -e IDENTITY_ENDPOINT=http:\/\/localhost\/msi\/token .* -e AZTOKEN_SOCKET=\/run\/aztoken\.sock\n$/,
    );
  });
});

// Starts the fake: a plain-HTTP listener (proxy, managed identity, control API) and an HTTPS listener (Entra,
// ARM by Host header), both on 127.0.0.1, sharing one router and one state.
import { createHash, randomBytes, X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Transport } from "./context.js";
import type { Fault, FaultTarget } from "./faults.js";
import { jwksFor } from "./jwt.js";
import { handleConnect } from "./proxy.js";
import { RequestLog } from "./request-log.js";
import { IMDS_HOST, Router } from "./router.js";
import { armRoutes } from "./routes/arm.js";
import { authorityRoutes } from "./routes/authority.js";
import { AZURE_DEVOPS_HOST, ciOidcRoutes, GITHUB_OIDC_HOST } from "./routes/ci-oidc.js";
import { controlRoutes } from "./routes/control.js";
import { managedIdentityRoutes } from "./routes/managed-identity.js";
import { tokenRoutes } from "./routes/token.js";
import { defaultSettings, FakeState, type FakeEntraSettings } from "./state.js";
import { mintFederatedToken } from "./federation.js";
import { getTlsMaterial } from "./tls.js";
import { verifyAccessToken } from "./tokens.js";
import type { FakeEntra, FakeEntraInfo, FakeEntraOptions, ManagedIdentityKind, SettingsPatch } from "./types.js";

const AUTHORITY_HOSTS = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"];
const ARM_HOSTS = ["management.azure.com", "management.core.windows.net"];

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function applyPatch(settings: FakeEntraSettings, patch: SettingsPatch): void {
  const { deviceCode, ...rest } = patch;
  for (const [key, value] of Object.entries(rest)) {
    if (key in settings && value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  if (deviceCode) Object.assign(settings.deviceCode, deviceCode);
}

export async function startFakeEntra(options: FakeEntraOptions = {}): Promise<FakeEntra> {
  const authorityHosts = [...AUTHORITY_HOSTS, ...(options.authorityHosts ?? [])].map((h) => h.toLowerCase());
  const armHosts = [...ARM_HOSTS, ...(options.armHosts ?? [])].map((h) => h.toLowerCase());
  const extraHosts = (options.extraHosts ?? []).map((h) => h.toLowerCase());
  const tls = await getTlsMaterial([...authorityHosts, ...armHosts, ...extraHosts, IMDS_HOST, GITHUB_OIDC_HOST, AZURE_DEVOPS_HOST], options.tlsCacheDir);

  const ownDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "fake-entra-"));
  mkdirSync(join(dir, "arc"), { recursive: true });
  const caPath = join(dir, "ca.pem");
  writeFileSync(caPath, tls.caPem);
  const arc = { keyPath: join(dir, "arc", `${randomBytes(6).toString("hex")}.key`), key: randomBytes(16).toString("hex") };
  writeFileSync(arc.keyPath, arc.key, { mode: 0o600 });

  const settings = defaultSettings();
  applyPatch(settings, options);
  const log = new RequestLog(options.logFile);
  const kid = createHash("sha256").update(tls.caPem).digest("base64url").slice(0, 16);
  const state = new FakeState(settings, log, tls.signingKey, kid, { authority: authorityHosts, arm: armHosts }, arc);

  // Every socket, so close() can end keep-alive, tunnelled and deliberately hung connections alike.
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const tunneled = new WeakSet<object>();
  let router: Router | undefined;
  const transportOf = (socket: Socket & { _parent?: Socket }, secure: boolean): Transport => {
    const inTunnel = tunneled.has(socket) || (socket._parent !== undefined && tunneled.has(socket._parent));
    return secure ? (inTunnel ? "https-tunnel" : "https") : inTunnel ? "http-tunnel" : "http";
  };
  const handler = (secure: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    void router!.handle(req, res, transportOf(req.socket, secure));
  };
  const httpServer = createHttpServer(handler(false));
  const httpsServer = createHttpsServer({ key: tls.leafKeyPem, cert: tls.leafPem }, handler(true));
  for (const server of [httpServer, httpsServer]) {
    server.on("connection", track);
    server.keepAliveTimeout = 5000;
  }
  httpsServer.on("tlsClientError", (_error, socket) => socket.destroy());

  const [httpPort, httpsPort] = await Promise.all([listen(httpServer, options.httpPort ?? 0), listen(httpsServer, options.httpsPort ?? 0)]);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const httpsUrl = `https://127.0.0.1:${httpsPort}`;
  const leafThumbprint = new X509Certificate(tls.leafPem).fingerprint.replace(/:/g, "");
  const env = {
    HTTPS_PROXY: httpUrl,
    https_proxy: httpUrl,
    HTTP_PROXY: httpUrl,
    http_proxy: httpUrl,
    NO_PROXY: "",
    no_proxy: "",
    NODE_EXTRA_CA_CERTS: caPath,
  };
  const info: FakeEntraInfo = {
    pid: process.pid,
    httpPort,
    httpsPort,
    proxyUrl: httpUrl,
    httpUrl,
    httpsUrl,
    controlUrl: `${httpUrl}/__control`,
    caPath,
    dir,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    arcKeyPath: arc.keyPath,
    leafThumbprint,
    env,
  };

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const findDeviceCode = (userCode: string) => {
    const grant = [...state.deviceCodes.values()].find((g) => g.userCode === userCode);
    if (!grant) throw new Error(`fake-entra: no device code with user code ${userCode}`);
    return grant;
  };

  const fake: FakeEntra = {
    ...info,
    caPem: tls.caPem,
    log,
    settings,
    jwks: jwksFor(tls.signingKey, kid),
    info: () => info,
    closed,
    failNext(target: FaultTarget, fault: Fault, times = 1, when?: Record<string, string>) {
      state.faults.add(target, fault, times, when);
    },
    failAlways(target, fault, when) {
      state.faults.add(target, fault, Infinity, when);
    },
    clearFaults: () => state.faults.clear(),
    approveDeviceCode(userCode, username) {
      const user = username ? state.directory.user(username) : state.directory.defaultUser();
      if (!user) throw new Error(`fake-entra: no user ${username}`);
      findDeviceCode(userCode).approvedBy = user;
    },
    denyDeviceCode(userCode) {
      findDeviceCode(userCode).denied = true;
    },
    revokeRefreshTokens(refreshToken) {
      if (refreshToken === undefined) {
        state.refreshTokensValidFrom = state.counter + 1;
        return;
      }
      const record = state.refreshTokens.get(refreshToken) ?? { username: state.directory.defaultUser().username };
      state.refreshTokens.set(refreshToken, { ...record, revoked: true });
    },
    updateSettings(patch) {
      applyPatch(settings, patch);
      if (patch.directory) state.directory.data = patch.directory;
    },
    managedIdentityEnv: (kind: ManagedIdentityKind) => managedIdentityEnv(kind, info, settings.miSecret),
    issueFederatedToken: (claims) => mintFederatedToken(state, claims),
    advanceClock(ms) {
      settings.clockOffsetMs += ms;
    },
    now: () => state.now(),
    ciOidcEnv: () => ciOidcEnv(settings),
    verifyAccessToken(token) {
      const check = verifyAccessToken(state, token);
      return check.ok ? check.claims : undefined;
    },
    close() {
      closing ??= (async () => {
        const closed = [httpServer, httpsServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const socket of sockets) socket.destroy();
        await Promise.all(closed);
        if (ownDir) rmSync(dir, { recursive: true, force: true });
        markClosed();
      })();
      return closing;
    },
  };

  const routes = [...authorityRoutes, ...tokenRoutes, ...armRoutes, ...managedIdentityRoutes, ...ciOidcRoutes, ...controlRoutes(fake)];
  const impostorHosts = (options.impostorHosts ?? []).map((h) => h.toLowerCase());
  router = new Router(state, routes, new Set([...extraHosts, ...impostorHosts]), (socket) => track(socket));
  httpServer.on("connect", (req: IncomingMessage, socket, head: Buffer) =>
    handleConnect(req, socket, head, { https: httpsServer, http: httpServer, httpPort: () => httpPort, isServedHost: router!.isServedHost, log, tunneled }),
  );
  return fake;
}

/** What GitHub Actions and Azure Pipelines put in a job's environment, pointing at this fake. */
function ciOidcEnv(settings: FakeEntraSettings): Record<string, string> {
  const { ciOidc } = settings;
  const serviceConnectionId = Object.keys(ciOidc.serviceConnections)[0] ?? "";
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `https://${GITHUB_OIDC_HOST}/fAkEgItHuB/00000000-0000-0000-0000-000000000000/_apis/distributedtask/hubs/Actions/plans/p1/jobs/j1/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: ciOidc.githubRequestToken,
    SYSTEM_OIDCREQUESTURI: `https://${AZURE_DEVOPS_HOST}/contoso/a1a1a1a1-0000-4000-8000-00000000001a/_apis/distributedtask/hubs/build/plans/p1/jobs/j1/oidctoken`,
    SYSTEM_ACCESSTOKEN: ciOidc.azurePipelinesAccessToken,
    AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: serviceConnectionId,
  };
}

function managedIdentityEnv(kind: ManagedIdentityKind, info: FakeEntraInfo, secret: string): Record<string, string> {
  switch (kind) {
    case "imds":
      return {};
    case "appservice":
      return { IDENTITY_ENDPOINT: `${info.httpUrl}/msi/token`, IDENTITY_HEADER: secret };
    case "appservice-2017":
      return { APPSETTING_WEBSITE_SITE_NAME: "fake-site", MSI_ENDPOINT: `${info.httpUrl}/MSI/token`, MSI_SECRET: secret };
    case "cloudshell":
      return { MSI_ENDPOINT: `${info.httpUrl}/oauth2/token` };
    case "arc":
      return { IDENTITY_ENDPOINT: `${info.httpUrl}/metadata/identity/oauth2/token`, IMDS_ENDPOINT: info.httpUrl };
    case "servicefabric":
      return { IDENTITY_ENDPOINT: `${info.httpsUrl}/msi/token`, IDENTITY_HEADER: secret, IDENTITY_SERVER_THUMBPRINT: info.leafThumbprint };
  }
}

// fake-entra: a loopback fake of Entra ID, ARM and the managed-identity endpoints for tests and the demo.
// In-process: `const fake = await startFakeEntra(); … await fake.close()`. Another process: main.ts + control-client.ts.
// Without sockets, behind memoryDeps' HTTP stub (unit tests): in-process.ts.
export { startFakeEntra } from "./server.js";
export { connectFakeEntra, spawnFakeEntra, type FakeEntraClient, type SpawnedFakeEntra } from "./control-client.js";
export { fakeRequest, type FakeRequestOptions, type FakeResponse } from "./https-client.js";
export type { FakeEntra, FakeEntraControl, FakeEntraInfo, FakeEntraOptions, ManagedIdentityKind, SettingsPatch } from "./types.js";
export type { Fault, FaultTarget } from "./faults.js";
export type { LoggedRequest, ConnectAttempt, RequestLog } from "./request-log.js";
export type { FakeEntraSettings, DeviceCodeSettings } from "./state.js";
export type { RouteName, RouteFamily } from "./context.js";
export * from "./directory.js";
export { decodeJwt } from "./jwt.js";
export { inProcessEntra, fakeJwt, formOf, type InProcessEntra, type InProcessEntraOptions, type TokenPost } from "./in-process.js";

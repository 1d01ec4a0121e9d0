import { describe, expect, it } from "vitest";
import { detectSource, himdsPath } from "../../../src/core/credentials/managed-identity/detect.js";

const SF = { IDENTITY_ENDPOINT: "https://sf", IDENTITY_HEADER: "h", IDENTITY_SERVER_THUMBPRINT: "t" };
const APP = { IDENTITY_ENDPOINT: "http://app", IDENTITY_HEADER: "h" };
const LEGACY = { MSI_ENDPOINT: "http://legacy", MSI_SECRET: "s" };
const SHELL = { MSI_ENDPOINT: "http://shell" };
const ARC = { IDENTITY_ENDPOINT: "http://arc", IMDS_ENDPOINT: "http://imds" };

const detect = (env: Record<string, string>, himds = false, platform: NodeJS.Platform = "linux") =>
  detectSource({ env, platform, fileExists: (p) => himds && p === "/opt/azcmagent/bin/himds" });

describe("managed identity source detection (docs/compatibility.md order)", () => {
  it.each([
    ["nothing", {}, "Imds"],
    ["Service Fabric", SF, "ServiceFabric"],
    ["App Service", APP, "AppService"],
    ["App Service 2017 / Machine Learning", LEGACY, "AppServiceLegacy"],
    ["App Service 2017 with the site name az 2.45 looked at", { ...LEGACY, APPSETTING_WEBSITE_SITE_NAME: "site1" }, "AppServiceLegacy"],
    ["Cloud Shell", SHELL, "CloudShell"],
    ["Cloud Shell with ACC_CLOUD", { ...SHELL, ACC_CLOUD: "PROD" }, "CloudShell"],
    ["Azure Arc", ARC, "AzureArc"],
    ["Service Fabric beats everything", { ...LEGACY, ...ARC, ...SF }, "ServiceFabric"],
    ["App Service beats the 2017 variables", { ...LEGACY, ...APP }, "AppService"],
    ["App Service beats Arc (both have IDENTITY_ENDPOINT)", { ...APP, IMDS_ENDPOINT: "http://imds" }, "AppService"],
    ["2017 beats Cloud Shell and Arc", { ...ARC, ...LEGACY }, "AppServiceLegacy"],
    ["Cloud Shell beats Arc", { ...ARC, ...SHELL }, "CloudShell"],
    ["thumbprint without header is not Service Fabric", { IDENTITY_ENDPOINT: "x", IDENTITY_SERVER_THUMBPRINT: "t" }, "Imds"],
    ["MSI_SECRET alone is nothing", { MSI_SECRET: "s" }, "Imds"],
    ["IMDS_ENDPOINT alone is nothing", { IMDS_ENDPOINT: "x" }, "Imds"],
    ["empty values count as unset", { MSI_ENDPOINT: "", IDENTITY_ENDPOINT: "", IDENTITY_HEADER: "" }, "Imds"],
  ])("%s", (_name, env, expected) => {
    expect(detect(env)).toBe(expected);
  });

  it("finds Azure Arc through the himds agent file, after every variable-based source", () => {
    expect(detect({}, true)).toBe("AzureArc");
    expect(detect(SHELL, true)).toBe("CloudShell");
    expect(detect({}, true, "darwin")).toBe("Imds");
  });

  it("looks for the agent where MSAL does", () => {
    expect(himdsPath({}, "linux")).toBe("/opt/azcmagent/bin/himds");
    expect(himdsPath({ ProgramFiles: "C:\\Program Files" }, "win32")).toBe("C:\\Program Files\\AzureConnectedMachineAgent\\himds.exe");
    expect(himdsPath({}, "darwin")).toBeUndefined();
  });
});

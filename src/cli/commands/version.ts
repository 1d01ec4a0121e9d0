// `version`: the shape `az version` prints, reporting the az behaviour aztoken matches, plus aztoken's own
// version under an extra key (callers read `azure-cli` and ignore the rest).
import { AZTOKEN_VERSION, AZURE_CLI_COMPATIBLE_VERSION, AZURE_CLI_TELEMETRY_VERSION } from "../../core/version.js";
import type { CommandResult } from "../spec.js";

export function versionResult(): Record<string, unknown> {
  return {
    "azure-cli": AZURE_CLI_COMPATIBLE_VERSION,
    "azure-cli-core": AZURE_CLI_COMPATIBLE_VERSION,
    "azure-cli-telemetry": AZURE_CLI_TELEMETRY_VERSION,
    extensions: {},
    aztoken: AZTOKEN_VERSION,
  };
}

/** az registers its global --subscription on `version`, which accepts and ignores it. */
export interface VersionOptions {
  subscription?: string;
}

export async function run(_options: VersionOptions): Promise<CommandResult> {
  return { result: versionResult() };
}

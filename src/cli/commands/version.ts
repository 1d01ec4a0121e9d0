// `version`: the shape `az version` prints, reporting the az behaviour aztoken matches.
import { AZURE_CLI_COMPATIBLE_VERSION, AZURE_CLI_TELEMETRY_VERSION } from "../../core/version.js";
import type { CommandResult } from "../spec.js";

export async function run(): Promise<CommandResult> {
  return {
    result: {
      "azure-cli": AZURE_CLI_COMPATIBLE_VERSION,
      "azure-cli-core": AZURE_CLI_COMPATIBLE_VERSION,
      "azure-cli-telemetry": AZURE_CLI_TELEMETRY_VERSION,
      extensions: {},
    },
  };
}

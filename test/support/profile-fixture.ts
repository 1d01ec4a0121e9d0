// Fresh AZURE_CONFIG_DIRs for tests, written by the shared fixture generator (az-golden/tools/mkfixture.py),
// so every test starts from exactly the profile the golden cases were captured against.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GOLDEN_DIR } from "./paths.js";

export interface TempProfile {
  /** The temporary home; AZURE_CONFIG_DIR is `configDir` inside it. */
  home: string;
  configDir: string;
  remove(): void;
}

export function makeProfile(fixture: string): TempProfile {
  const home = mkdtempSync(join(tmpdir(), "aztoken-test-"));
  const configDir = join(home, ".azure");
  execFileSync("python3", [join(GOLDEN_DIR, "tools", "mkfixture.py"), configDir, fixture], { stdio: "pipe" });
  return { home, configDir, remove: () => rmSync(home, { recursive: true, force: true }) };
}

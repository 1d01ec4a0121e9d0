// Fresh AZURE_CONFIG_DIRs for tests, written by the fixture generator (mkfixture.ts), so every test starts from
// exactly the profile the golden cases were captured against.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isFixtureKind, writeFixture } from "./mkfixture.js";

export interface TempProfile {
  /** The temporary home; AZURE_CONFIG_DIR is `configDir` inside it. */
  home: string;
  configDir: string;
  remove(): void;
}

export function makeProfile(fixture: string): TempProfile {
  if (!isFixtureKind(fixture)) throw new Error(`no fixture profile called ${fixture}`);
  const home = mkdtempSync(join(tmpdir(), "aztoken-test-"));
  const configDir = join(home, ".azure");
  writeFixture(configDir, fixture);
  return { home, configDir, remove: () => rmSync(home, { recursive: true, force: true }) };
}

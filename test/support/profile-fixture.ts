// Fresh AZURE_CONFIG_DIRs for tests, written by the shared fixture generator (az-golden/tools/mkfixture.py),
// so every test starts from exactly the profile the golden cases were captured against. Each kind is
// generated once per test process and copied (the pyenv shim in front of python3 costs seconds per call);
// `user_exp299` depends on the clock and is always generated afresh.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GOLDEN_DIR } from "./paths.js";

export interface TempProfile {
  /** The temporary home; AZURE_CONFIG_DIR is `configDir` inside it. */
  home: string;
  configDir: string;
  remove(): void;
}

export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const TIME_DEPENDENT = new Set(["user_exp299"]);
const templates = new Map<string, string>();

function generate(dir: string, fixture: string): void {
  execFileSync(PYTHON, [join(GOLDEN_DIR, "tools", "mkfixture.py"), dir, fixture], { stdio: "pipe" });
}

export function makeProfile(fixture: string): TempProfile {
  const home = mkdtempSync(join(tmpdir(), "aztoken-test-"));
  const configDir = join(home, ".azure");
  if (TIME_DEPENDENT.has(fixture)) {
    generate(configDir, fixture);
  } else {
    let template = templates.get(fixture);
    if (!template) {
      template = join(mkdtempSync(join(tmpdir(), "aztoken-fixture-")), "azure");
      generate(template, fixture);
      templates.set(fixture, template);
    }
    cpSync(template, configDir, { recursive: true });
  }
  return { home, configDir, remove: () => rmSync(home, { recursive: true, force: true }) };
}

// Locations the tests share: the repository, the built CLI and the captured fixtures (test/fixtures/README.md).
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI_BIN = join(REPO_ROOT, "bin", "aztoken.js");
export const FIXTURES_DIR = join(REPO_ROOT, "test", "fixtures");
/** The az 2.45 golden captures: cases/, the profiles they ran against (profiles/), mkfixture.py. */
export const GOLDEN_DIR = join(FIXTURES_DIR, "az-golden");

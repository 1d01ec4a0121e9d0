// Locations the tests share: the repository, the built CLI and the shared reference material beside the repo.
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI_BIN = join(REPO_ROOT, "bin", "aztoken.js");
export const SHARED_DIR = process.env.AZTOKEN_SHARED_DIR ?? resolve(REPO_ROOT, "..", "shared");
export const GOLDEN_DIR = join(SHARED_DIR, "az-golden");

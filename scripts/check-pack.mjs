// `npm run check-pack`: what `npm pack` would publish is what an install needs, and it runs on its own.
// Packs the current build (run `npm run build` first), checks the file list (the CLI bundle, its licence notices,
// no tests, sources or dev tools), installs the tarball offline into an empty folder (possible only because it has
// no runtime dependencies) and runs the installed CLI on the cache path and on a path that loads MSAL.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const WINDOWS = process.platform === "win32";
const REQUIRED = ["package.json", "README.md", "bin/aztoken.js", "dist/aztoken.js", "dist/package.json", "dist/THIRD_PARTY_NOTICES.txt"];
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICEN[CS]E/i, /^bin\//, /^dist\/aztoken\.js$/, /^dist\/package\.json$/, /^dist\/THIRD_PARTY_NOTICES\.txt$/, /^dist\/chunks\/[\w-]+\.js$/, /^docs\/[\w-]+\.md$/];
const BUNDLED = ["@azure/msal-node", "commander", "yaml"];

const problems = [];
const check = (ok, message) => ok || problems.push(message);
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", shell: WINDOWS, stdio: ["ignore", "pipe", "pipe"] });

if (!existsSync("dist/aztoken.js")) {
  console.error("check-pack: dist/aztoken.js is missing; run `npm run build` first");
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), "aztoken-pack-"));
try {
  const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", scratch]));
  const files = packed.files.map((file) => file.path);
  for (const file of REQUIRED) check(files.includes(file), `missing from the package: ${file}`);
  check(files.some((file) => file.startsWith("dist/chunks/")), "no dist/chunks/ in the package");
  for (const file of files) check(ALLOWED.some((pattern) => pattern.test(file)), `should not be published: ${file}`);

  const install = join(scratch, "install");
  mkdirSync(install);
  npm(["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", join(scratch, packed.filename)], install);
  const installed = join(install, "node_modules", "aztoken");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  for (const field of ["dependencies", "optionalDependencies", "peerDependencies"]) {
    check(Object.keys(manifest[field] ?? {}).length === 0, `${field} in the published package.json: ${JSON.stringify(manifest[field])}`);
  }
  check(!existsSync(join(install, "node_modules", "@azure")), "the install pulled @azure packages");
  const notices = readFileSync(join(installed, "dist", "THIRD_PARTY_NOTICES.txt"), "utf8");
  for (const name of BUNDLED) check(notices.includes(`\n${name}@`), `THIRD_PARTY_NOTICES.txt lacks ${name}`);

  const home = join(scratch, "home");
  const run = (args) =>
    spawnSync(process.execPath, [join(installed, "bin", "aztoken.js"), ...args], {
      cwd: scratch,
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? "", HOME: home, USERPROFILE: home, AZURE_CONFIG_DIR: join(home, ".azure"), HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9" },
    });
  const version = run(["version", "-o", "json"]);
  check(version.status === 0 && JSON.parse(version.stdout)["azure-cli"], `installed \`aztoken version\` failed: ${version.stderr}`);
  const notLoggedIn = run(["get-token"]);
  check(notLoggedIn.status === 1 && notLoggedIn.stderr === "ERROR: Please run 'az login' to setup account.\n", `installed \`aztoken get-token\`: ${notLoggedIn.stderr}`);
  // A service principal login loads the MSAL chunk; with the proxy at a closed port it fails on the network.
  const login = run(["login", "--service-principal", "-u", "00000000-0000-0000-0000-000000000001", "-p", "x", "--tenant", "00000000-0000-0000-0000-000000000002"]);
  check(login.status === 1 && login.stderr.startsWith("ERROR: ") && !/Cannot find module/.test(login.stderr), `installed \`aztoken login\`: ${login.stderr}`);

  if (problems.length > 0) {
    console.error(`check-pack: ${packed.filename}\n  ${problems.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log(`check-pack: ${packed.filename}: ${files.length} files, ${packed.size} bytes, no runtime dependencies; the installed CLI runs`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

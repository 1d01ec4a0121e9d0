// Third-party licence notices for what the bundle contains. esbuild copies code from node_modules into dist/,
// so the licences of those packages (MIT, ISC, BSD and Apache-2.0 all ask for their notice to travel with the
// code) ship in dist/THIRD_PARTY_NOTICES.txt instead, built from the very files the bundle read.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** The package folders (`node_modules/<name>` or `node_modules/@scope/<name>`, innermost) esbuild read from. */
export function bundledPackageDirs(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const path = input.split("\\").join("/");
    const at = path.lastIndexOf("node_modules/");
    if (at < 0) continue;
    const [first, second] = path.slice(at + "node_modules/".length).split("/");
    dirs.add(path.slice(0, at) + "node_modules/" + (first.startsWith("@") ? `${first}/${second}` : first));
  }
  return [...dirs];
}

/** One section per package, sorted by name: name, version, licence, then its licence file(s) verbatim. */
export function renderNotices(packageDirs) {
  const sections = packageDirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const files = readdirSync(dir).filter((name) => LICENCE_FILE.test(name)).sort();
    if (files.length === 0) throw new Error(`${manifest.name}@${manifest.version} is bundled but ships no licence file`);
    const texts = files.map((name) => readFileSync(join(dir, name), "utf8").trim());
    return { name: manifest.name, text: `${manifest.name}@${manifest.version} (${manifest.license})\n\n${texts.join("\n\n")}\n` };
  });
  sections.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rule = `\n${"-".repeat(78)}\n\n`;
  const header = "aztoken bundles the following third-party packages into dist/. Their licences follow.\n";
  return header + rule + sections.map((section) => section.text).join(rule);
}

// One kubeconfig file as a YAML document (the `yaml` package's Document API keeps comments, key order and
// scalar styles), and the edit that points one user at `aztoken exec-credential`. Loaded lazily: it carries the
// YAML library.
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from "yaml";
import { CorruptFileError } from "../errors.js";
import { AZTOKEN_COMMAND, execCredentialArgs, INSTALL_HINT, newExecSection, type EntraSignIn } from "./kubeconfig-users.js";
import { EXEC_API_V1BETA1 } from "./exec-credential.js";

export interface KubeconfigFile {
  path: string;
  text: string;
  doc: Document.Parsed;
}

/** A named entry of `users` or `contexts`: `- name: N` with its `user:` / `context:` mapping beside it. */
export interface NamedEntry {
  name: string;
  node: YAMLMap;
}

/** Parses a kubeconfig; anything kubectl could not load either is refused, so the file is never rewritten. */
export function parseKubeconfig(path: string, text: string): KubeconfigFile {
  const refuse = (why: string) =>
    new CorruptFileError(path, `The kubeconfig ${path} could not be parsed (${why}); it was left unchanged.`);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw refuse(doc.errors[0]!.message.split("\n")[0]!);
  if (doc.contents !== null && !isMap(doc.contents)) throw refuse("it is not a mapping");
  for (const section of ["users", "contexts"]) {
    const value = doc.get(section); // a collection node, or a scalar's value (null for `users:`)
    if (value !== undefined && value !== null && !isSeq(value)) throw refuse(`${section} is not a list`);
  }
  return { path, text, doc };
}

export function namedEntries(file: KubeconfigFile, section: "users" | "contexts"): NamedEntry[] {
  const list = file.doc.get(section, true);
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const name = item.get("name");
    return typeof name === "string" ? [{ name, node: item }] : [];
  });
}

/** The user name a context entry refers to. */
export function contextUser(entry: NamedEntry): string | undefined {
  const context = entry.node.get("context", true);
  const user = isMap(context) ? context.get("user") : undefined;
  return typeof user === "string" ? user : undefined;
}

/** A user entry's `user:` value as plain data. */
export function userData(entry: NamedEntry): unknown {
  const user = entry.node.get("user", true);
  return user === undefined ? undefined : (user as { toJSON(): unknown }).toJSON();
}

/**
 * Makes the user run `aztoken exec-credential`. An existing `exec` keeps its apiVersion, env,
 * provideClusterInfo and interactiveMode; the legacy auth-provider gives way to a whole new `exec`.
 */
export function pointUserAtAztoken(file: KubeconfigFile, entry: NamedEntry, signIn: EntraSignIn): void {
  const user = entry.node.get("user", true);
  if (!isMap(user)) throw new Error(`user ${entry.name} is not a mapping`); // classifyUser accepted only mappings
  const exec = user.get("exec", true);
  if (isMap(exec)) {
    exec.set("command", AZTOKEN_COMMAND);
    const args = file.doc.createNode(execCredentialArgs(signIn));
    const oldArgs = exec.get("args", true);
    args.flow = isSeq(oldArgs) && oldArgs.flow === true; // `args: [get-token, ...]` stays on one line
    exec.set("args", args);
    exec.set("installHint", INSTALL_HINT);
    if (!exec.has("apiVersion")) exec.set("apiVersion", EXEC_API_V1BETA1);
    if (!exec.has("interactiveMode")) exec.set("interactiveMode", "Never");
  } else {
    user.delete("auth-provider");
    user.set("exec", file.doc.createNode(newExecSection(signIn)));
  }
}

/**
 * The edited text. The file's own layout habits are kept so only the edited lines differ: kubectl writes list
 * items at their key's indentation (`users:\n- name:`), people often write `{a: b}` without inner spaces.
 * Long lines are never folded.
 */
export function renderKubeconfig(file: KubeconfigFile): string {
  const indentSeq = !/^[^\s#][^\n]*:[ \t]*\r?\n-[ \t]/m.test(file.text);
  const flowCollectionPadding = /[{[] [^\s}\]]/.test(file.text) || !/[{[][^\s}\]]/.test(file.text);
  return file.doc.toString({ indentSeq, flowCollectionPadding, lineWidth: 0 });
}

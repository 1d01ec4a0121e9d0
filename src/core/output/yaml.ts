// `-o yaml`: a port of PyYAML 6's emitter for what yaml.safe_dump(result, default_flow_style=False,
// allow_unicode=True) produces: block collections, sorted keys, scalar style chosen from PyYAML's analysis,
// 80-column folding of long scalars, `...` after a top-level plain scalar, anchors for shared lists/objects.
import { isQueryBuilt, sortedKeys } from "../python/dict-keys.js";
import { isFloat, isPyNumber, isPyObject, numberValue, pyFloatRepr, pyNumberStr, type PyNumber } from "../python/values.js";
import { readsBackAsString } from "./yaml-resolver.js";
import { analyzeScalar, type ScalarAnalysis } from "./yaml-scalar.js";
import { ScalarWriter } from "./yaml-writer.js";

export function formatYaml(value: unknown): string {
  // knack retries through a JSON round trip when PyYAML rejects an OrderedDict, which drops shared references.
  const anchors = containsQueryBuilt(value) ? new Map<object, string | null>() : findSharedNodes(value);
  return new YamlEmitter(anchors).document(value);
}

function containsQueryBuilt(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsQueryBuilt);
  return isPyObject(value) && (isQueryBuilt(value) || Object.values(value).some(containsQueryBuilt));
}

/** PyYAML's Serializer.anchor_node: lists and objects met twice get anchors id001, id002... */
function findSharedNodes(root: unknown): Map<object, string | null> {
  const anchors = new Map<object, string | null>();
  let lastId = 0;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value) && !isPyObject(value)) return;
    if (anchors.has(value)) {
      if (anchors.get(value) === null) anchors.set(value, `id${String(++lastId).padStart(3, "0")}`);
      return;
    }
    anchors.set(value, null);
    for (const child of Array.isArray(value) ? value : sortedKeys(value).map((key) => value[key])) visit(child);
  };
  visit(root);
  return anchors;
}

interface NodeContext {
  root?: boolean;
  sequence?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

/** A scalar as SafeRepresenter writes it; `plainAllowed` is PyYAML's implicit[0]. */
function representScalar(value: unknown): { text: string; plainAllowed: boolean } {
  if (value === null || value === undefined) return { text: "null", plainAllowed: true };
  if (typeof value === "boolean") return { text: String(value), plainAllowed: true };
  if (isPyNumber(value)) return { text: representNumber(value), plainAllowed: true };
  const text = String(value);
  return { text, plainAllowed: readsBackAsString(text) };
}

function representNumber(value: PyNumber): string {
  if (!isFloat(value)) return pyNumberStr(value);
  const x = numberValue(value);
  if (Number.isNaN(x)) return ".nan";
  if (!Number.isFinite(x)) return x > 0 ? ".inf" : "-.inf";
  const text = pyFloatRepr(x).toLowerCase();
  // `1e+17` is not a valid YAML float; PyYAML writes `1.0e+17`.
  return !text.includes(".") && text.includes("e") ? text.replace("e", ".0e") : text;
}

class YamlEmitter {
  private readonly out = new ScalarWriter();
  private readonly emitted = new Set<object>();

  constructor(private readonly anchors: Map<object, string | null>) {}

  document(value: unknown): string {
    const out = this.out;
    this.node(value, { root: true });
    out.writeIndent();
    if (out.openEnded) {
      out.writeIndicator("...", true);
      out.writeIndent();
    }
    return out.text;
  }

  private node(value: unknown, context: NodeContext): void {
    const out = this.out;
    if ((Array.isArray(value) || isPyObject(value)) && this.anchors.get(value)) {
      const anchor = this.anchors.get(value) as string;
      if (this.emitted.has(value)) {
        out.writeIndicator("*" + anchor, true);
        return;
      }
      this.emitted.add(value);
      out.writeIndicator("&" + anchor, true);
    }
    if (Array.isArray(value)) this.sequence(value, context);
    else if (isPyObject(value)) this.mapping(value);
    else this.scalar(value, context);
  }

  private scalar(value: unknown, context: NodeContext): void {
    const { text, plainAllowed } = representScalar(value);
    const analysis = analyzeScalar(text);
    const out = this.out;
    out.increaseIndent(true);
    const split = !context.simpleKey;
    const style = chooseStyle(analysis, plainAllowed, context.simpleKey === true);
    if (style === '"') out.writeDoubleQuoted(analysis.chars, split);
    else if (style === "'") out.writeSingleQuoted(analysis.chars, split);
    else out.writePlain(analysis.chars, split, context.root === true);
    out.popIndent();
  }

  private sequence(items: unknown[], context: NodeContext): void {
    const out = this.out;
    if (items.length === 0) {
      this.emptyCollection("[", "]");
      return;
    }
    out.increaseIndent(false, context.mapping === true && !out.indention);
    for (const item of items) {
      out.writeIndent();
      out.writeIndicator("-", true, false, true);
      this.node(item, { sequence: true });
    }
    out.popIndent();
  }

  private mapping(object: Record<string, unknown>): void {
    const out = this.out;
    const keys = sortedKeys(object);
    if (keys.length === 0) {
      this.emptyCollection("{", "}");
      return;
    }
    out.increaseIndent(false);
    for (const key of keys) {
      out.writeIndent();
      const analysis = analyzeScalar(key);
      // Keys of 128+ characters, empty or multi-line keys need the explicit `? key` form.
      if (analysis.chars.length < 128 && !analysis.empty && !analysis.multiline) {
        this.scalar(key, { mapping: true, simpleKey: true });
        out.writeIndicator(":", false);
      } else {
        out.writeIndicator("?", true, false, true);
        this.scalar(key, { mapping: true });
        out.writeIndent();
        out.writeIndicator(":", true, false, true);
      }
      this.node(object[key], { mapping: true });
    }
    out.popIndent();
  }

  private emptyCollection(open: string, close: string): void {
    this.out.writeIndicator(open, true, true);
    this.out.writeIndicator(close, false);
  }
}

/** Emitter.choose_scalar_style in block context (flow context only ever holds nothing: `[]`, `{}`). */
function chooseStyle(analysis: ScalarAnalysis, plainAllowed: boolean, simpleKey: boolean): "" | "'" | '"' {
  if (plainAllowed && !(simpleKey && (analysis.empty || analysis.multiline)) && analysis.allowBlockPlain) return "";
  if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline)) return "'";
  return '"';
}

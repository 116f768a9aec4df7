// Validates Kubernetes objects (a multi-document YAML file, such as `kubectl kustomize` prints)
// against Kubernetes' own OpenAPI schemas as compiled into kubernetes-models, offline.
//
//   node validate.mjs rendered.yaml          # or - for standard input
//   node validate.mjs --json rendered.yaml   # also print the objects as one JSON array on stdout
//
// Every object must have a schema (an unknown apiVersion/kind is an error, never skipped), must
// satisfy it (types, required fields, enums, formats), and may carry no field the schema does not
// define: the API server's strict field validation rejects those too, and a misspelt field
// ("readinesProbe") would otherwise be dropped in silence. Exit 0 when every object is valid;
// otherwise each problem goes to stderr and the exit code is 1 (2 for bad usage or unreadable YAML).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const json = args[0] === "--json";
if (json) args.shift();
if (args.length !== 1) {
  console.error("usage: node validate.mjs [--json] FILE|-");
  process.exit(2);
}
const source = args[0] === "-" ? readFileSync(0, "utf8") : readFileSync(args[0], "utf8");

const objects = [];
for (const doc of parseAllDocuments(source)) {
  if (doc.errors.length > 0) {
    for (const e of doc.errors) console.error(`YAML: ${e.message}`);
    process.exit(2);
  }
  const value = doc.toJS();
  if (value !== null && value !== undefined) objects.push(value);
}
if (objects.length === 0) {
  console.error("no objects to validate");
  process.exit(2);
}

/** The kubernetes-models class for an apiVersion and kind, or null. */
async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  const parts = apiVersion.split("/"); // "v1" (the core group) or "apps/v1"
  if (parts.length > 2 || parts.some((p) => !/^[a-z0-9.-]+$/.test(p))) return null;
  try {
    const module = await import(`kubernetes-models/${parts.join("/")}/${kind}`);
    return module[kind] ?? null;
  } catch {
    return null;
  }
}

/**
 * The compiled schema validators read exactly the properties their schema defines (and, for maps
 * such as labels, every key). Handing them a proxy that records each property read shows which
 * fields of the object no schema looked at: those are unknown fields.
 */
function tracked(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(target, key)) {
        seen.add(`${path}/${key}`);
        return tracked(Reflect.get(target, key, receiver), `${path}/${key}`, seen);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

function unknownFields(value, path, seen, out) {
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    const child = `${path}/${key}`;
    if (!seen.has(child)) out.push(child || "/");
    else unknownFields(value[key], child, seen, out);
  }
}

let problems = 0;
for (const object of objects) {
  const name = `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"} (${object?.apiVersion ?? "no apiVersion"})`;
  const Model = await modelFor(object?.apiVersion, object?.kind);
  if (!Model) {
    console.error(`${name}: no Kubernetes schema for this apiVersion and kind`);
    problems++;
    continue;
  }
  const seen = new Set();
  let valid = true;
  try {
    // The model's validate() runs the schema's validator on `this`: give it the recording proxy.
    // The validator reports every error at once, and reads every known field even after one.
    Model.prototype.validate.call(tracked(object, "", seen));
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    valid = false;
  }
  const unknown = [];
  unknownFields(object, "", seen, unknown);
  if (unknown.length > 0) {
    console.error(`${name}: field(s) not in the schema: ${unknown.join(", ")}`);
    valid = false;
  }
  if (!valid) problems++;
  else if (!json) console.log(`${name}: valid`);
}

if (json) console.log(JSON.stringify(objects));
if (problems > 0) {
  console.error(`${problems} of ${objects.length} object(s) invalid`);
  process.exit(1);
}
console.error(`${objects.length} object(s) valid against the Kubernetes schemas in kubernetes-models`);

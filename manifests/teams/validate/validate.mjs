// Validates a Teams app manifest against the schema named in its "$schema", using the schemas that
// @microsoft/app-manifest bundles (so no network is needed). Exit 0 when valid; prints the errors
// and exits 1 otherwise.   Usage: node validate.mjs [path/to/manifest.json]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import pkg from "@microsoft/app-manifest";

const { AppManifestUtils } = pkg;
const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2] ?? path.join(here, "..", "manifest.json");
const manifest = JSON.parse(readFileSync(file, "utf8"));

// Refuse to go online: the point is an offline check against Microsoft's own bundled schema.
globalThis.fetch = () => Promise.reject(new Error("network disabled during manifest validation"));

const errors = await AppManifestUtils.validateAgainstSchema(manifest);
if (errors.length > 0) {
  console.error(`${file}: ${errors.length} schema error(s)`);
  for (const e of errors) console.error("  " + e);
  process.exit(1);
}
console.log(`${file}: valid against ${manifest.$schema}`);

// Validates every resource in the given folder's *.yaml files against the Kubernetes OpenAPI schemas
// (kubernetes-models) and the Prometheus Operator CRD schemas (@kubernetes-models/prometheus-operator), offline.
// Prints one line per resource and "N passed, N failed"; exits 1 on any failure or unknown kind.
// Usage: node validate.mjs <folder>   (npm ci first, in this folder)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

// kinds that are not API resources sent to a cluster: checked for shape by kustomize, not here
const LOCAL_ONLY = new Set(["kustomize.config.k8s.io/v1beta1/Kustomization"]);

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const modules = group === "monitoring.coreos.com"
    ? [`@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`]
    : [`kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`];
  for (const name of modules) {
    try {
      const module = await import(name);
      return module[kind] ?? module.default;
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    }
  }
  return null;
}

const folder = process.argv[2] ?? "..";
let passed = 0;
let failed = 0;
for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(folder, file), "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failed++;
      continue;
    }
    const resource = doc.toJS();
    if (resource == null) continue;
    const name = `${file}: ${resource.apiVersion}/${resource.kind} ${resource.metadata?.name ?? "(no name)"}`;
    if (LOCAL_ONLY.has(`${resource.apiVersion}/${resource.kind}`)) {
      const missing = (resource.resources ?? []).filter((r) => !readdirSync(folder).includes(r));
      if (missing.length > 0) {
        console.log(`FAIL ${name}: lists missing files ${missing.join(", ")}`);
        failed++;
      } else {
        console.log(`ok   ${name} (lists ${resource.resources.length} files, all present)`);
        passed++;
      }
      continue;
    }
    const Model = await modelFor(resource.apiVersion, resource.kind);
    if (Model == null) {
      console.log(`FAIL ${name}: no schema for this apiVersion and kind`);
      failed++;
      continue;
    }
    try {
      new Model(resource).validate();
      console.log(`ok   ${name}`);
      passed++;
    } catch (e) {
      console.log(`FAIL ${name}: ${e.message}`);
      failed++;
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

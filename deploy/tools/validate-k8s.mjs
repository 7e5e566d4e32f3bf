// Checks rendered Kubernetes manifests (a YAML stream on stdin, as `kubectl kustomize`
// prints it) offline: each object against the Kubernetes API's own schemas (the
// kubernetes-models package is generated from the API's OpenAPI definitions: types,
// required fields, enumerations, formats), then what this service needs of them:
// every Service selects some pod template, every Secret a pod refers to is in the output,
// the API is ready on /readyz, media nodes are on host networking, no container runs with
// privileges. Exits 1 with every problem listed.
// With --files-only (no kustomize to render them), Secrets from generators are not there to
// refer to, so that one check is left out.
import { parseAllDocuments } from "yaml";

const filesOnly = process.argv.includes("--files-only");

const text = await new Promise((resolve) => {
  let s = "";
  process.stdin.on("data", (d) => (s += d));
  process.stdin.on("end", () => resolve(s));
});
const objects = parseAllDocuments(text).map((d) => d.toJSON()).filter(Boolean);
// kustomize wraps long base64 values over lines; the API server's decoder skips the line
// breaks, the schema's "byte" format does not: compare what the server would decode.
for (const o of objects)
  if (o.kind === "Secret") for (const k of Object.keys(o.data ?? {})) o.data[k] = o.data[k].replace(/\s+/g, "");
const problems = [];
const name = (o) => `${o.kind}/${o.metadata?.name}`;

for (const o of objects) {
  const modulePath = `kubernetes-models/${o.apiVersion}/${o.kind}`;
  let Model;
  try {
    Model = (await import(modulePath))[o.kind];
  } catch {
    problems.push(`${name(o)}: no schema for ${o.apiVersion} ${o.kind}`);
    continue;
  }
  try {
    new Model(o).validate();
  } catch (e) {
    problems.push(`${name(o)}: ${e.message}`);
  }
}

const workloads = objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
const secrets = new Set(objects.filter((o) => o.kind === "Secret").map((o) => o.metadata.name));
for (const svc of objects.filter((o) => o.kind === "Service")) {
  const sel = svc.spec?.selector ?? {};
  const hit = workloads.some((w) => Object.entries(sel).every(([k, v]) => w.spec.template.metadata?.labels?.[k] === v));
  if (!hit) problems.push(`${name(svc)}: its selector matches no pod template`);
}
for (const w of workloads) {
  const labels = w.spec.template.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(w.spec.selector?.matchLabels ?? {}))
    if (labels[k] !== v) problems.push(`${name(w)}: selector ${k}=${v} does not match its pod template`);
  for (const c of w.spec.template.spec.containers) {
    for (const ref of c.envFrom ?? [])
      if (ref.secretRef && !filesOnly && !secrets.has(ref.secretRef.name)) problems.push(`${name(w)}: secret ${ref.secretRef.name} is not defined`);
    const sc = c.securityContext ?? {};
    if (sc.privileged || sc.allowPrivilegeEscalation !== false || !(sc.capabilities?.drop ?? []).includes("ALL"))
      problems.push(`${name(w)}/${c.name}: may gain privileges`);
    if (w.spec.template.spec.securityContext?.runAsNonRoot !== true) problems.push(`${name(w)}: may run as root`);
  }
}
const api = workloads.find((w) => w.metadata.name === "meetingd-api");
if (api?.spec.template.spec.containers[0].readinessProbe?.httpGet?.path !== "/readyz")
  problems.push("Deployment/meetingd-api: not ready on /readyz");
const media = workloads.find((w) => w.metadata.name === "meetingd-media");
if (media?.kind !== "StatefulSet" || media.spec.template.spec.hostNetwork !== true)
  problems.push("meetingd-media: not a StatefulSet on host networking");

const kinds = objects.map((o) => o.kind).join(", ");
if (problems.length) {
  console.log(`FAIL: ${problems.length} problem(s) in ${objects.length} objects:\n  ` + problems.join("\n  "));
  process.exit(1);
}
console.log(`  ${objects.length} objects valid against the Kubernetes schemas: ${kinds}`);

/**
 * Writes the Kubernetes manifests as plain YAML: `npm run synth -w @kado/deploy`.
 *
 * Without options it writes the reference rendering into k8s/dist/ (committed; manifests.test.ts checks
 * that it is what this produces). With your own values, write elsewhere:
 *
 *   npm run synth -w @kado/deploy -- --image registry.example.jp/kado:1.4.0 --host kado.city.example.jp \
 *     --out my-manifests
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildManifests, type KadoOptions, renderFile } from './manifests.js';

export const DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));

const { values } = parseArgs({
  options: {
    image: { type: 'string' },
    namespace: { type: 'string' },
    host: { type: 'string' },
    replicas: { type: 'string' },
    'max-replicas': { type: 'string' },
    'worker-replicas': { type: 'string' },
    'storage-class': { type: 'string' },
    'files-size': { type: 'string' },
    'ingress-class': { type: 'string' },
    'tls-secret': { type: 'string' },
    'ingress-namespace': { type: 'string' },
    'no-network-policy': { type: 'boolean' },
    'db-pool-size': { type: 'string' },
    'otlp-endpoint': { type: 'string' },
    'mail-from': { type: 'string' },
    out: { type: 'string' },
  },
});

const int = (v: string | undefined) => (v === undefined ? undefined : Number.parseInt(v, 10));
const given: Partial<KadoOptions> = {
  image: values.image,
  namespace: values.namespace,
  host: values.host,
  replicas: int(values.replicas),
  maxReplicas: int(values['max-replicas']),
  workerReplicas: int(values['worker-replicas']),
  filesStorageClassName: values['storage-class'],
  filesStorageSize: values['files-size'],
  ingressClassName: values['ingress-class'],
  tlsSecretName: values['tls-secret'],
  ingressControllerNamespace: values['no-network-policy'] ? null : values['ingress-namespace'],
  dbPoolSize: int(values['db-pool-size']),
  otlpEndpoint: values['otlp-endpoint'],
  mailFrom: values['mail-from'],
};
const options = Object.fromEntries(
  Object.entries(given).filter(([, v]) => v !== undefined),
) as Partial<KadoOptions>;

// npm runs the script in deploy/; a relative --out means relative to where npm was called.
const out = values.out ? resolve(process.env.INIT_CWD ?? process.cwd(), values.out) : DIST_DIR;
if (out === DIST_DIR && Object.keys(options).length > 0) {
  console.error(
    'k8s/dist holds the reference rendering (checked by manifests.test.ts): write your own values elsewhere with --out <dir>',
  );
  process.exit(2);
}

const files = buildManifests(options);
mkdirSync(out, { recursive: true });
const names = new Set(files.map((f) => f.name));
// A file this version no longer writes must not linger and be applied.
for (const stale of readdirSync(out).filter((n) => n.endsWith('.yaml') && !names.has(n)))
  rmSync(join(out, stale));
for (const file of files) writeFileSync(join(out, file.name), renderFile(file));

const where = relative(process.env.INIT_CWD ?? process.cwd(), out) || '.';
console.log(files.map((f) => join(where, f.name)).join('\n'));
const job = files.flatMap((f) => f.objects).find((o) => o.kind === 'Job');
if (job) console.log(`migration Job: ${job.metadata?.name}`);

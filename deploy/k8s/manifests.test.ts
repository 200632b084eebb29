import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from 'kubernetes-models/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { Job } from 'kubernetes-models/batch/v1';
import type { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type {
  ConfigMap,
  IContainer,
  IPodTemplateSpec,
  PersistentVolumeClaim,
  Service,
} from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  allObjects,
  buildManifests,
  CONFIG_NAME,
  DEFAULT_OPTIONS,
  FILES,
  type KubeObject,
  METRICS_PORT,
  migrationJobName,
  PRE_STOP_SECONDS,
  releaseOf,
  renderManifests,
  SECRET_KEYS,
  SECRET_NAME,
  selectorLabels,
  UPLOAD_LIMIT_MB,
} from './manifests.js';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));

const files = buildManifests();
const objects = allObjects(files);

function only<T extends KubeObject>(kind: T['kind'], name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0] as T;
}
const web = only<Deployment>('Deployment', 'kado-web');
const worker = only<Deployment>('Deployment', 'kado-worker');
const job = only<Job>('Job');
const config = only<ConfigMap>('ConfigMap');

/** Every pod template (Deployments and the Job) with what it belongs to. */
const templates: [string, IPodTemplateSpec][] = objects.flatMap((o): [string, IPodTemplateSpec][] =>
  o.kind === 'Deployment' || o.kind === 'Job' ? [[`${o.kind}/${o.metadata?.name}`, o.spec!.template]] : [],
);
const containersOf = (t: IPodTemplateSpec): IContainer[] => [
  ...(t.spec?.initContainers ?? []),
  ...(t.spec?.containers ?? []),
];
const labelsMatch = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const envValue = (c: IContainer, name: string) => c.env?.find((e) => e.name === name);

/** Every value found under a given property name, anywhere in a JSON tree. */
function collect(tree: unknown, property: string): unknown[] {
  const found: unknown[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        if (k === property) found.push(v);
        walk(v);
      }
  };
  walk(tree);
  return found;
}

describe('Kubernetes manifests', () => {
  it('validates every object against the Kubernetes OpenAPI schema', () => {
    expect(objects.length).toBeGreaterThanOrEqual(10);
    for (const o of objects) expect(() => o.validate(), `${o.kind}/${o.metadata?.name}`).not.toThrow();
    // The same with other values, e.g. a digest-pinned image and no NetworkPolicy.
    const other = allObjects(
      buildManifests({
        image:
          'registry.example.jp/kado/kado@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        replicas: 3,
        filesStorageClassName: 'nfs-client',
        ingressControllerNamespace: null,
        otlpEndpoint: 'http://otel-collector.monitoring:4318',
      }),
    );
    for (const o of other) expect(() => o.validate(), `${o.kind}/${o.metadata?.name}`).not.toThrow();
    expect(other.some((o) => o.kind === 'NetworkPolicy')).toBe(false);
  });

  it('puts every namespaced object in the namespace, with unique names per kind', () => {
    const seen = new Set<string>();
    for (const o of objects) {
      if (o.kind !== 'Namespace') expect(o.metadata?.namespace, `${o.kind}/${o.metadata?.name}`).toBe('kado');
      const key = `${o.kind}/${o.metadata?.name}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(only('Namespace').metadata?.name).toBe('kado');
  });

  it('splits namespace and configuration, the migration Job and the application into files applied in order', () => {
    expect(files.map((f) => f.name)).toEqual([FILES.namespaceConfig, FILES.migrate, FILES.app]);
    expect(files[0]!.objects.map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap', 'PersistentVolumeClaim']);
    expect(files[1]!.objects.map((o) => o.kind)).toEqual(['Job']);
    expect(files[2]!.objects.every((o) => o.kind !== 'Job' && o.kind !== 'Namespace')).toBe(true);
  });

  it('runs at least two web pods that roll one at a time without losing one, spread over nodes', () => {
    expect(web.spec!.replicas).toBeGreaterThanOrEqual(2);
    expect(web.spec!.strategy?.type).toBe('RollingUpdate');
    expect(web.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    const podLabels = web.spec!.template.metadata?.labels;
    expect(labelsMatch(web.spec!.selector.matchLabels, podLabels)).toBe(true);
    const spread = web.spec!.template.spec!.topologySpreadConstraints ?? [];
    expect(spread.map((s) => s.topologyKey)).toContain('kubernetes.io/hostname');
    for (const s of spread) expect(labelsMatch(s.labelSelector?.matchLabels, podLabels)).toBe(true);
    expect(() => buildManifests({ replicas: 1 })).toThrow(/replicas/);
  });

  it('probes the web pods: readiness on /api/ready, liveness and start-up on /api/health', () => {
    const [c] = web.spec!.template.spec!.containers;
    expect(c!.args).toEqual(['serve']);
    const http = c!.ports?.find((p) => p.name === 'http');
    expect(http?.containerPort).toBe(3000);
    expect(c!.readinessProbe?.httpGet?.path).toBe('/api/ready');
    expect(c!.livenessProbe?.httpGet?.path).toBe('/api/health');
    expect(c!.startupProbe?.httpGet?.path).toBe('/api/health');
    for (const probe of [c!.readinessProbe, c!.livenessProbe, c!.startupProbe])
      expect(probe?.httpGet?.port).toBe('http');
    expect(c!.resources?.requests?.cpu).toBeDefined();
    expect(c!.resources?.limits?.memory).toBeDefined();
  });

  it('lets the load balancer stop first, then gives the process more than its shutdown timeout', () => {
    const spec = web.spec!.template.spec!;
    const [c] = spec.containers;
    expect(c!.lifecycle?.preStop?.exec?.command).toEqual(['sleep', String(PRE_STOP_SECONDS)]);
    const timeout = Number(config.data!.SHUTDOWN_TIMEOUT_SECONDS);
    expect(timeout).toBe(25);
    expect(envValue(c!, 'SHUTDOWN_TIMEOUT_SECONDS')).toBeUndefined(); // the ConfigMap's value applies
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(PRE_STOP_SECONDS + timeout);
    // The worker has its own, longer timeout for long jobs, and a grace period beyond it.
    const [w] = worker.spec!.template.spec!.containers;
    const workerTimeout = Number(envValue(w!, 'SHUTDOWN_TIMEOUT_SECONDS')?.value);
    expect(workerTimeout).toBeGreaterThan(timeout);
    expect(worker.spec!.template.spec!.terminationGracePeriodSeconds).toBeGreaterThan(workerTimeout);
  });

  it('targets the web pods with the Service, the PodDisruptionBudget and the autoscaler', () => {
    const podLabels = web.spec!.template.metadata?.labels;
    const workerLabels = worker.spec!.template.metadata?.labels;
    const service = only<Service>('Service');
    expect(labelsMatch(service.spec?.selector, podLabels)).toBe(true);
    expect(labelsMatch(service.spec?.selector, workerLabels)).toBe(false);
    expect(service.spec?.ports?.[0]?.targetPort).toBe('http');

    const pdb = only<PodDisruptionBudget>('PodDisruptionBudget');
    expect(pdb.spec?.minAvailable).toBe(1);
    expect(pdb.spec?.selector?.matchLabels).toEqual(web.spec!.selector.matchLabels);

    const hpa = only<HorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'kado-web' });
    expect(hpa.spec?.minReplicas).toBe(web.spec!.replicas);
    expect(hpa.spec!.maxReplicas).toBeGreaterThan(hpa.spec!.minReplicas!);
    expect(hpa.spec?.metrics?.[0]?.resource?.name).toBe('cpu');
  });

  it('routes the host to the web Service, with uploads and quiet WebSockets allowed through', () => {
    const ingress = only<Ingress>('Ingress');
    const service = only<Service>('Service');
    const a = ingress.metadata?.annotations ?? {};
    expect(a['nginx.ingress.kubernetes.io/proxy-body-size']).toBe(`${UPLOAD_LIMIT_MB}m`);
    expect(config.data!.UPLOAD_LIMIT_MB).toBe(String(UPLOAD_LIMIT_MB));
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(600);
    expect(Number(a['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(600);
    // No sticky sessions: socket.io runs over WebSocket only.
    expect(Object.keys(a).some((k) => k.includes('affinity'))).toBe(false);
    const rule = ingress.spec?.rules?.[0];
    expect(rule?.host).toBe(DEFAULT_OPTIONS.host);
    expect(rule?.http?.paths[0]?.backend.service).toEqual({
      name: service.metadata?.name,
      port: { name: service.spec?.ports?.[0]?.name },
    });
    expect(ingress.spec?.tls?.[0]?.hosts).toEqual([DEFAULT_OPTIONS.host]);
    expect(config.data!.PUBLIC_URL).toBe(`https://${DEFAULT_OPTIONS.host}`);
  });

  it('has the web and worker pods scraped for metrics on their own port', () => {
    expect(config.data!.METRICS_PORT).toBe(String(METRICS_PORT));
    for (const d of [web, worker]) {
      const a = d.spec!.template.metadata?.annotations ?? {};
      expect(a['prometheus.io/scrape']).toBe('true');
      expect(a['prometheus.io/port']).toBe(String(METRICS_PORT));
      expect(a['prometheus.io/path']).toBe('/metrics');
      const ports = d.spec!.template.spec!.containers[0]!.ports ?? [];
      expect(ports.find((p) => p.name === 'metrics')?.containerPort).toBe(METRICS_PORT);
    }
    const [wc] = worker.spec!.template.spec!.containers;
    expect(wc!.args).toEqual(['worker']);
    expect(wc!.ports?.some((p) => p.containerPort === 3000)).toBe(false);
  });

  it('migrates with the migrate command over the direct owner URL, once per release', () => {
    const spec = job.spec!;
    const [c, ...more] = spec.template.spec!.containers;
    expect(more).toHaveLength(0);
    expect(c!.args).toEqual(['migrate']);
    expect(envValue(c!, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: SECRET_NAME,
      key: 'DATABASE_MIGRATE_URL',
    });
    expect(spec.template.spec!.restartPolicy).toBe('Never');
    expect(spec.backoffLimit).toBeGreaterThan(0);
    expect(spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(job.metadata?.name).toBe('kado-migrate-0-1-0');
    expect(labelsMatch(selectorLabels('migrate'), spec.template.metadata?.labels)).toBe(true);
    // The web and worker pods use the runtime URL (which may go through PgBouncer).
    for (const d of [web, worker])
      expect(
        envValue(d.spec!.template.spec!.containers[0]!, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key,
      ).toBe('DATABASE_URL');
    // The Job's name follows the image: a new tag is a new Job; a digest gives a name of its own.
    expect(releaseOf('r.example.jp/kado:1.4.0_rc.1')).toBe('1-4-0-rc-1');
    expect(releaseOf('localhost:5000/kado')).toBe('latest');
    const digest = migrationJobName({ image: `r.example.jp/kado:1.4.0@sha256:${'ab'.repeat(32)}` });
    expect(digest).toBe('kado-migrate-abababababab');
    expect(migrationJobName({ image: `r.example.jp/kado:${'x'.repeat(128)}` }).length).toBeLessThanOrEqual(
      63,
    );
  });

  it('takes every secret from kado-secrets and emits no Secret and no secret value', () => {
    const json = objects.map((o) => o.toJSON());
    expect(objects.some((o) => (o.kind as string) === 'Secret')).toBe(false);
    const refs = collect(json, 'secretKeyRef') as { name: string; key: string }[];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.name).toBe(SECRET_NAME);
      expect(SECRET_KEYS).toContain(ref.key);
    }
    // Whole-Secret env (envFrom secretRef) would hide which keys are used: none.
    expect(collect(json, 'secretRef')).toEqual([]);
    for (const key of SECRET_KEYS) expect(Object.keys(config.data ?? {})).not.toContain(key);
    // No inline value of a secret variable, and nothing that looks like a credential in the YAML.
    for (const env of collect(json, 'env').flat() as { name: string; value?: string }[])
      if ((SECRET_KEYS as readonly string[]).includes(env.name)) expect(env.value).toBeUndefined();
    const yaml = Object.values(renderManifests()).join('\n');
    expect(yaml).not.toMatch(/\bkind: Secret\b/);
    expect(yaml).not.toMatch(/[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i); // scheme://user:password@
    expect(yaml).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });

  it('runs every container as the non-root app user on a read-only root filesystem', () => {
    expect(templates.length).toBe(3);
    for (const [owner, t] of templates) {
      const pod = t.spec!;
      expect(pod.securityContext?.runAsNonRoot, owner).toBe(true);
      expect(pod.securityContext?.seccompProfile?.type, owner).toBe('RuntimeDefault');
      expect(pod.automountServiceAccountToken, owner).toBe(false);
      for (const c of containersOf(t)) {
        const sc = c.securityContext ?? {};
        expect(sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, `${owner} ${c.name}`).toBe(true);
        const uid = sc.runAsUser ?? pod.securityContext?.runAsUser;
        expect(uid, `${owner} ${c.name}`).toBeGreaterThan(0);
        expect(sc.allowPrivilegeEscalation, `${owner} ${c.name}`).toBe(false);
        expect(sc.readOnlyRootFilesystem, `${owner} ${c.name}`).toBe(true);
        expect(sc.capabilities?.drop, `${owner} ${c.name}`).toEqual(['ALL']);
        const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
        expect(pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir, `${owner} ${c.name}`).toBeDefined();
        expect(c.image).toBe(DEFAULT_OPTIONS.image);
        expect(c.envFrom).toEqual([{ configMapRef: { name: CONFIG_NAME } }]);
      }
    }
  });

  it('shares one ReadWriteMany volume for files between web and worker pods', () => {
    const pvc = only<PersistentVolumeClaim>('PersistentVolumeClaim');
    expect(pvc.spec?.accessModes).toEqual(['ReadWriteMany']);
    for (const d of [web, worker]) {
      const pod = d.spec!.template.spec!;
      const volume = pod.volumes?.find((v) => v.persistentVolumeClaim?.claimName === pvc.metadata?.name);
      expect(volume, d.metadata?.name).toBeDefined();
      const mount = pod.containers[0]!.volumeMounts?.find((m) => m.name === volume?.name);
      expect(mount?.mountPath).toBe(config.data!.KADO_FILES_DIR);
    }
    expect(config.data!.KADO_DEMO).toBe('false');
    expect(config.data!.NODE_ENV).toBe('production');
    expect(config.data!.JOBS_IN_PROCESS).toBe('false');
  });

  it('admits only the ingress controller to the web port and metrics scrapes to any pod', () => {
    const policies = objects.filter((o): o is NetworkPolicy => o.kind === 'NetworkPolicy');
    const webPolicy = policies.find(
      (p) =>
        labelsMatch(p.spec?.podSelector.matchLabels, web.spec!.template.metadata?.labels) &&
        p.spec?.podSelector.matchLabels?.['app.kubernetes.io/component'] === 'web',
    );
    expect(webPolicy?.spec?.ingress?.[0]?.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
    const all = policies.find((p) => !p.spec?.podSelector.matchLabels?.['app.kubernetes.io/component']);
    for (const t of templates)
      expect(labelsMatch(all?.spec?.podSelector.matchLabels, t[1].metadata?.labels)).toBe(true);
    expect(all?.spec?.ingress?.[0]?.ports).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
  });

  it('has k8s/dist exactly as synth writes it now (regenerate with npm run synth -w @kado/deploy)', () => {
    const expected = renderManifests();
    const committed = readdirSync(DIST)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
    expect(committed).toEqual(Object.keys(expected).sort());
    for (const [name, text] of Object.entries(expected)) {
      expect(readFileSync(join(DIST, name), 'utf8'), name).toBe(text);
      // Plain YAML that parses back to the same objects.
      const docs = parseAllDocuments(text).map((d) => d.toJSON());
      expect(docs, name).toEqual(
        files.find((f) => f.name === name)!.objects.map((o) => JSON.parse(JSON.stringify(o.toJSON()))),
      );
    }
  });
});

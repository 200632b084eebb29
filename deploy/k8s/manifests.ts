/**
 * The Kubernetes objects of one KADO deployment, built from a few options. `synth.ts` writes them as YAML
 * under `k8s/dist/`, in three files applied in order: the namespace and its configuration, the migration
 * Job (applied and waited for), then the application. Secrets are referenced, never emitted: the Secret
 * `kado-secrets` is created by the operator (see deploy/README.md).
 */
import { createHash } from 'node:crypto';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  type IContainer,
  type IEnvVar,
  type IPodSpec,
  type IResourceRequirements,
  type ITopologySpreadConstraint,
  type IVolume,
  type IVolumeMount,
  Namespace,
  PersistentVolumeClaim,
  Service,
} from 'kubernetes-models/v1';
import { stringify } from 'yaml';

export interface KadoOptions {
  /** The image of deploy/Dockerfile, by an immutable tag or a digest (`registry.example.jp/kado:1.4.0`). */
  image: string;
  namespace: string;
  /** Public host name: the Ingress rule, its TLS certificate and PUBLIC_URL (https://<host>). */
  host: string;
  /** Web pods, and the autoscaler's minimum: at least 2, so one can be replaced while another serves. */
  replicas: number;
  /** The autoscaler's maximum of web pods. */
  maxReplicas: number;
  /** `kado worker` pods (background jobs). */
  workerReplicas: number;
  ingressClassName: string;
  /** Secret holding the Ingress's TLS certificate (e.g. issued by cert-manager); not one of ours. */
  tlsSecretName: string;
  /** A StorageClass offering ReadWriteMany (NFS, CephFS, EFS, Azure Files…); null: the cluster's default. */
  filesStorageClassName: string | null;
  filesStorageSize: string;
  /** Namespace of the ingress controller, the one allowed to reach the web port; null: no NetworkPolicy. */
  ingressControllerNamespace: string | null;
  /** DB_POOL_SIZE: connections each process keeps (see README: pool size × processes ≤ max_connections). */
  dbPoolSize: number;
  /** JOB_CONCURRENCY of each worker. */
  jobConcurrency: number;
  /** SHUTDOWN_TIMEOUT_SECONDS of the web pods: in-flight requests may take this long after SIGTERM. */
  webShutdownSeconds: number;
  /** SHUTDOWN_TIMEOUT_SECONDS of the workers: a running job may take this long to finish after SIGTERM. */
  workerShutdownSeconds: number;
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP), or null for no traces. */
  otlpEndpoint: string | null;
}

/** The reference rendering, committed under k8s/dist/ (and checked by manifests.test.ts). */
export const DEFAULT_OPTIONS: KadoOptions = {
  image: 'registry.example.jp/kado/kado:0.1.0',
  namespace: 'kado',
  host: 'kado.example.jp',
  replicas: 2,
  maxReplicas: 6,
  workerReplicas: 2,
  ingressClassName: 'nginx',
  tlsSecretName: 'kado-tls',
  filesStorageClassName: null,
  filesStorageSize: '50Gi',
  ingressControllerNamespace: 'ingress-nginx',
  dbPoolSize: 10,
  jobConcurrency: 4,
  webShutdownSeconds: 25,
  workerShutdownSeconds: 300,
  mailFrom: 'KADO <no-reply@kado.example.jp>',
  logLevel: 'info',
  otlpEndpoint: null,
};

/** The Secret the operator creates; every secret value reaches the pods through a secretKeyRef to it. */
export const SECRET_NAME = 'kado-secrets';
export const SECRET_KEYS = [
  'DATABASE_URL',
  'DATABASE_MIGRATE_URL',
  'REDIS_URL',
  'KADO_ENCRYPTION_KEY',
  'SMTP_URL',
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

export const CONFIG_NAME = 'kado-config';
export const FILES_CLAIM = 'kado-files';
export const HTTP_PORT = 3000;
export const METRICS_PORT = 9464;
/** The image's `node` user (deploy/Dockerfile: USER 1000:1000). */
export const APP_UID = 1000;
/** The Ingress's proxy-body-size follows the app's upload limit. */
export const UPLOAD_LIMIT_MB = 200;
/**
 * preStop sleep of the web pods: endpoints and the ingress controller stop sending new requests to a
 * terminating pod a few seconds after it is marked, so the process gets SIGTERM only after that.
 */
export const PRE_STOP_SECONDS = 10;
const FILES_DIR = '/var/lib/kado/files';

export const FILES = {
  namespaceConfig: '00-namespace-config.yaml',
  migrate: '10-migrate-job.yaml',
  app: '20-app.yaml',
} as const;

export type KubeObject =
  | Namespace
  | ConfigMap
  | PersistentVolumeClaim
  | Job
  | Deployment
  | Service
  | PodDisruptionBudget
  | HorizontalPodAutoscaler
  | Ingress
  | NetworkPolicy;

export interface ManifestFile {
  name: string;
  /** What the file is for, written at its top. */
  about: string[];
  objects: KubeObject[];
}

type Component = 'web' | 'worker' | 'migrate';

/** The labels that select a component's pods (Deployment selectors are immutable: keep these stable). */
export function selectorLabels(component: Component): Record<string, string> {
  return { 'app.kubernetes.io/name': 'kado', 'app.kubernetes.io/component': component };
}

/** The image's tag (or the start of its digest) as a DNS label part: `…/kado:1.4.0` → `1-4-0`. */
export function releaseOf(image: string): string {
  const digest = image.match(/@sha256:([0-9a-f]{12})/);
  const tag = image.replace(/@.*$/, '').match(/:([^:/]+)$/)?.[1];
  const raw = digest?.[1] ?? tag ?? 'latest';
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 40)
      .replace(/^-+|-+$/g, '') || 'latest'
  );
}

/** One Job per release: a new image tag is a new Job, and applying the same one twice changes nothing. */
export function migrationJobName(options: Pick<KadoOptions, 'image'>): string {
  return `kado-migrate-${releaseOf(options.image)}`;
}

function check(options: KadoOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.replicas) || options.replicas < 2)
    problems.push('replicas: at least 2 web pods');
  if (options.maxReplicas < options.replicas) problems.push('maxReplicas: not below replicas');
  if (!Number.isInteger(options.workerReplicas) || options.workerReplicas < 1)
    problems.push('workerReplicas: at least 1');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(options.namespace)) problems.push('namespace: a DNS label');
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(options.host)) problems.push('host: a DNS name');
  if (!options.image || /\s/.test(options.image)) problems.push('image: an image reference');
  if (options.webShutdownSeconds < 1 || options.workerShutdownSeconds < 1)
    problems.push('shutdown seconds: at least 1');
  if (problems.length) throw new Error(`invalid options: ${problems.join('; ')}`);
}

export function buildManifests(overrides: Partial<KadoOptions> = {}): ManifestFile[] {
  const o: KadoOptions = { ...DEFAULT_OPTIONS, ...overrides };
  check(o);
  const release = releaseOf(o.image);
  const metadata = (name: string, component?: Component) => ({
    name,
    namespace: o.namespace,
    labels: {
      'app.kubernetes.io/name': 'kado',
      ...(component ? { 'app.kubernetes.io/component': component } : {}),
      'app.kubernetes.io/part-of': 'kado-platform',
      'app.kubernetes.io/version': release,
      'app.kubernetes.io/managed-by': 'kado-synth',
    },
  });

  // ---- configuration: everything that is not a secret -------------------------------------------------
  const configData: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(HTTP_PORT),
    PUBLIC_URL: `https://${o.host}`,
    KADO_DEMO: 'false',
    KADO_DEMO_WORK: 'false',
    KADO_FILES_DIR: FILES_DIR,
    UPLOAD_LIMIT_MB: String(UPLOAD_LIMIT_MB),
    DB_POOL_SIZE: String(o.dbPoolSize),
    JOB_LEASE_SECONDS: '30',
    JOB_CONCURRENCY: String(o.jobConcurrency),
    // Workers run the jobs; the web pods only enqueue them (and relay their progress to the pages).
    JOBS_IN_PROCESS: 'false',
    SHUTDOWN_TIMEOUT_SECONDS: String(o.webShutdownSeconds),
    // The preStop sleep takes the place of the process's own drain delay.
    SHUTDOWN_DRAIN_SECONDS: '0',
    METRICS_PORT: String(METRICS_PORT),
    LOG_LEVEL: o.logLevel,
    MAIL_FROM: o.mailFrom,
    OTEL_SERVICE_NAME: 'kado',
    ...(o.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: o.otlpEndpoint } : {}),
  };
  // Pods roll when the configuration changes (a ConfigMap change alone restarts nothing).
  const configChecksum = createHash('sha256').update(JSON.stringify(configData)).digest('hex');

  const namespace = new Namespace({
    metadata: {
      name: o.namespace,
      labels: {
        'app.kubernetes.io/part-of': 'kado-platform',
        // Every pod here meets the "restricted" Pod Security Standard; the namespace enforces it.
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  });
  const config = new ConfigMap({ metadata: metadata(CONFIG_NAME), data: configData });
  const files = new PersistentVolumeClaim({
    metadata: metadata(FILES_CLAIM),
    spec: {
      // Uploaded files and deliverables, shared by every web and worker pod.
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: o.filesStorageSize } },
      ...(o.filesStorageClassName ? { storageClassName: o.filesStorageClassName } : {}),
    },
  });

  // ---- what every KADO container has in common ------------------------------------------------------
  const secretEnv = (name: string, key: SecretKey = name as SecretKey, optional = false): IEnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: SECRET_NAME, key, ...(optional ? { optional: true } : {}) } },
  });
  const runtimeSecrets: IEnvVar[] = [
    secretEnv('DATABASE_URL'),
    secretEnv('REDIS_URL'),
    secretEnv('KADO_ENCRYPTION_KEY'),
    // Without SMTP_URL mail is written to the log: the key may be left out of the Secret.
    secretEnv('SMTP_URL', 'SMTP_URL', true),
  ];
  const tmpMount: IVolumeMount = { name: 'tmp', mountPath: '/tmp' };
  const filesMount: IVolumeMount = { name: 'files', mountPath: FILES_DIR };
  const tmpVolume: IVolume = { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } };
  const filesVolume: IVolume = { name: 'files', persistentVolumeClaim: { claimName: FILES_CLAIM } };
  const container = (
    name: string,
    command: 'serve' | 'worker' | 'migrate',
    env: IEnvVar[],
    resources: IResourceRequirements,
    mounts: IVolumeMount[],
    extra: Partial<IContainer> = {},
  ): IContainer => ({
    name,
    image: o.image,
    imagePullPolicy: 'IfNotPresent',
    // The image's ENTRYPOINT is `node core/bin/kado.mjs`: the command is its argument.
    args: [command],
    envFrom: [{ configMapRef: { name: CONFIG_NAME } }],
    env,
    ...extra,
    resources,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: APP_UID,
      runAsGroup: APP_UID,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    // The root filesystem is read-only: tsx keeps its compile cache in /tmp.
    volumeMounts: [tmpMount, ...mounts],
  });
  const podSpec = (volumes: IVolume[], rest: Omit<IPodSpec, 'volumes'>): IPodSpec => ({
    automountServiceAccountToken: false,
    // No *_SERVICE_HOST / *_PORT variables from the namespace's Services in the environment.
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: APP_UID,
      runAsGroup: APP_UID,
      fsGroup: APP_UID,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...rest,
    volumes: [tmpVolume, ...volumes],
  });
  const spread = (component: Component): ITopologySpreadConstraint[] =>
    ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
      maxSkew: 1,
      topologyKey,
      // A preference: a one-node cluster (or one zone) still schedules every pod.
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selectorLabels(component) },
    }));
  const podAnnotations = {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(METRICS_PORT),
    'prometheus.io/path': '/metrics',
    'checksum/config': configChecksum,
  };
  // Node's heap follows the container's memory limit, with room for buffers and native memory.
  const heap = (mib: number): IEnvVar => ({
    name: 'NODE_OPTIONS',
    value: `--max-old-space-size=${Math.floor(mib * 0.75)}`,
  });

  // ---- the migration: one Job per release, applied and waited for before the rollout ----------------
  const migrate = new Job({
    metadata: metadata(migrationJobName(o), 'migrate'),
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 1800,
      // Kept a day for its logs, then removed; applying the file again would only re-check (idempotent).
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: selectorLabels('migrate') },
        spec: podSpec([], {
          restartPolicy: 'Never',
          containers: [
            container(
              'migrate',
              'migrate',
              [
                // Straight to PostgreSQL as the schema owner, not through PgBouncer.
                secretEnv('DATABASE_URL', 'DATABASE_MIGRATE_URL'),
                // NODE_ENV=production requires the key even though migrations do not use it.
                secretEnv('KADO_ENCRYPTION_KEY'),
                heap(512),
              ],
              { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
              [],
            ),
          ],
        }),
      },
    },
  });

  // ---- web: API, web app and socket.io on one port ---------------------------------------------------
  const webLabels = selectorLabels('web');
  const web = new Deployment({
    metadata: metadata('kado-web', 'web'),
    spec: {
      replicas: o.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: webLabels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: webLabels, annotations: podAnnotations },
        spec: podSpec([filesVolume], {
          // preStop sleep + the process's own shutdown (requests, then sockets and pools) + a margin.
          terminationGracePeriodSeconds: PRE_STOP_SECONDS + o.webShutdownSeconds + 20,
          topologySpreadConstraints: spread('web'),
          containers: [
            container(
              'web',
              'serve',
              [...runtimeSecrets, heap(1024)],
              { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
              [filesMount],
              {
                ports: [
                  { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' },
                  { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                ],
                // Start-up migrates (nothing left after the Job) and loads the plugins: up to 5 minutes.
                startupProbe: {
                  httpGet: { path: '/api/health', port: 'http' },
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                  failureThreshold: 60,
                },
                // Database and Redis reachable; 503 as soon as SIGTERM arrives.
                readinessProbe: {
                  httpGet: { path: '/api/ready', port: 'http' },
                  periodSeconds: 5,
                  timeoutSeconds: 3,
                  failureThreshold: 2,
                },
                livenessProbe: {
                  httpGet: { path: '/api/health', port: 'http' },
                  periodSeconds: 10,
                  timeoutSeconds: 3,
                  failureThreshold: 3,
                },
                lifecycle: { preStop: { exec: { command: ['sleep', String(PRE_STOP_SECONDS)] } } },
              },
            ),
          ],
        }),
      },
    },
  });
  const service = new Service({
    metadata: metadata('kado-web', 'web'),
    spec: {
      type: 'ClusterIP',
      selector: webLabels,
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  const pdb = new PodDisruptionBudget({
    metadata: metadata('kado-web', 'web'),
    spec: { minAvailable: 1, selector: { matchLabels: webLabels } },
  });
  const hpa = new HorizontalPodAutoscaler({
    metadata: metadata('kado-web', 'web'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: web.metadata!.name! },
      minReplicas: o.replicas,
      maxReplicas: o.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
      },
    },
  });
  const ingress = new Ingress({
    metadata: {
      ...metadata('kado', 'web'),
      annotations: {
        // Uploads up to UPLOAD_LIMIT_MB go through the proxy.
        'nginx.ingress.kubernetes.io/proxy-body-size': `${UPLOAD_LIMIT_MB}m`,
        // socket.io runs over WebSocket only (no polling), so no sticky sessions: any pod takes any
        // socket. ingress-nginx passes the upgrade itself; long timeouts keep quiet sockets open.
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      },
    },
    spec: {
      ingressClassName: o.ingressClassName,
      tls: [{ hosts: [o.host], secretName: o.tlsSecretName }],
      rules: [
        {
          host: o.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service.metadata!.name!, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  });

  // ---- worker: background jobs (BullMQ on Redis), no Service ----------------------------------------
  const worker = new Deployment({
    metadata: metadata('kado-worker', 'worker'),
    spec: {
      replicas: o.workerReplicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels('worker') },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: selectorLabels('worker'), annotations: podAnnotations },
        spec: podSpec([filesVolume], {
          // A running job may finish (SHUTDOWN_TIMEOUT_SECONDS); past it the job is left to be re-run.
          terminationGracePeriodSeconds: o.workerShutdownSeconds + 30,
          topologySpreadConstraints: spread('worker'),
          containers: [
            container(
              'worker',
              'worker',
              [
                ...runtimeSecrets,
                { name: 'SHUTDOWN_TIMEOUT_SECONDS', value: String(o.workerShutdownSeconds) },
                heap(2048),
              ],
              { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '2Gi' } },
              [filesMount],
              // No HTTP server but metrics: no probes (a worker that dies restarts; its jobs' leases expire).
              { ports: [{ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' }] },
            ),
          ],
        }),
      },
    },
  });

  const networkPolicies: NetworkPolicy[] =
    o.ingressControllerNamespace === null
      ? []
      : [
          new NetworkPolicy({
            metadata: metadata('kado-allow-metrics'),
            spec: {
              // Every KADO pod: nothing comes in but metrics scrapes from inside the cluster...
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kado' } },
              policyTypes: ['Ingress'],
              ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'metrics', protocol: 'TCP' }] }],
            },
          }),
          new NetworkPolicy({
            metadata: metadata('kado-web-allow-http', 'web'),
            spec: {
              // ...and the web port of the web pods from the ingress controller (policies add up).
              podSelector: { matchLabels: webLabels },
              policyTypes: ['Ingress'],
              ingress: [
                {
                  from: [
                    {
                      namespaceSelector: {
                        matchLabels: { 'kubernetes.io/metadata.name': o.ingressControllerNamespace },
                      },
                    },
                  ],
                  ports: [{ port: 'http', protocol: 'TCP' }],
                },
              ],
            },
          }),
        ];

  return [
    {
      name: FILES.namespaceConfig,
      about: [
        'The namespace, the non-secret configuration and the shared files volume.',
        `Create the Secret ${SECRET_NAME} (deploy/README.md) after this file, before the next one.`,
      ],
      objects: [namespace, config, files],
    },
    {
      name: FILES.migrate,
      about: [
        'The database migration of this release: apply, then wait for it before applying 20-app.yaml:',
        `  kubectl -n ${o.namespace} wait --for=condition=complete --timeout=30m job/${migrationJobName(o)}`,
      ],
      objects: [migrate],
    },
    {
      name: FILES.app,
      about: ['The web pods (API, web app, socket.io), their Service, Ingress and autoscaling; the workers.'],
      objects: [web, service, pdb, hpa, ingress, worker, ...networkPolicies],
    },
  ];
}

/** Every object, in the order of the files. */
export function allObjects(files: ManifestFile[]): KubeObject[] {
  return files.flatMap((f) => f.objects);
}

/** One file's YAML: a header, then one document per object. */
export function renderFile(file: ManifestFile): string {
  const header = [
    '# Generated by `npm run synth -w @kado/deploy` from deploy/k8s/manifests.ts: do not edit by hand.',
    ...file.about.map((line) => `# ${line}`),
  ].join('\n');
  const docs = file.objects.map((object) => stringify(object.toJSON(), { lineWidth: 0 }));
  return `${header}\n---\n${docs.join('---\n')}`;
}

/** File name → YAML text, as synth writes them. */
export function renderManifests(overrides: Partial<KadoOptions> = {}): Record<string, string> {
  return Object.fromEntries(buildManifests(overrides).map((f) => [f.name, renderFile(f)]));
}

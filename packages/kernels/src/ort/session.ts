/**
 * The one place that picks an ONNX Runtime flavour (conventions rule 12): `onnxruntime-node` in Node (CPU or its
 * WebGPU EP over Dawn), `onnxruntime-web/webgpu` in browsers (WebGPU or wasm EP). Both are optional peers,
 * pinned exactly, loaded lazily so importing `@nextevent/kernels` never pulls ORT in.
 */

/** Execution providers the oracle can use. */
export type OrtExecutionProvider = 'cpu' | 'webgpu' | 'wasm';

/** Tensor element types used by the oracle graphs. */
export type OrtTensorType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool';

/** A plain tensor: row-major data and dims (no ORT types leak out of this module). */
export interface OrtTensorData {
  /** Element type. */
  type: OrtTensorType;
  /** Shape. */
  dims: readonly number[];
  /** Row-major elements (float16 as `Uint16Array` bits, int64 as `BigInt64Array`). */
  data: Float32Array | Uint16Array | Int32Array | BigInt64Array | Uint8Array;
}

/** Options of {@link createOrtSession}. */
export interface OrtSessionOptions {
  /** Default: `'cpu'` in Node, `'webgpu'` in browsers. `'wasm'` only in browsers. */
  executionProvider?: OrtExecutionProvider;
  /** Graph optimisation level. Default: `'disabled'` (so the oracle runs the ops as written). */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * Let ORT place nodes the chosen EP cannot run on its CPU EP. Default: `true`. Benchmarks set `false`, so a
   * baseline is never silently the CPU (session creation then fails instead).
   */
  cpuFallback?: boolean;
  /**
   * An already loaded ONNX Runtime module (e.g. `onnxruntime-web` from a CDN, or a specific build) to use
   * instead of importing the platform's package. Default: {@link loadOrt}.
   */
  ort?: unknown;
}

/** A loaded ORT session. */
export interface OrtSession {
  /** Which runtime and EP it runs on, e.g. `onnxruntime-node/cpu`. */
  readonly backend: string;
  /** Graph input names, in order. */
  readonly inputNames: readonly string[];
  /** Graph output names, in order. */
  readonly outputNames: readonly string[];
  /** Runs the graph. */
  run(feeds: Readonly<Record<string, OrtTensorData>>): Promise<Record<string, OrtTensorData>>;
  /** Releases the native session. */
  release(): Promise<void>;
}

interface OrtTensorLike {
  type: string;
  dims: readonly number[];
  data: unknown;
}

interface OrtModule {
  Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensorLike;
  InferenceSession: {
    create(
      model: Uint8Array,
      options: Record<string, unknown>,
    ): Promise<{
      inputNames: readonly string[];
      outputNames: readonly string[];
      run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
      release(): Promise<void>;
    }>;
  };
}

/** True in Node.js (and not in a browser bundle). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return (
    typeof p?.versions?.node === 'string' &&
    typeof (globalThis as { window?: unknown }).window === 'undefined'
  );
}

let nodeOrt: Promise<OrtModule> | undefined;
let webOrt: Promise<OrtModule> | undefined;

/** Loads the ORT module for this platform (cached). */
export function loadOrt(): Promise<OrtModule> {
  if (isNode()) {
    const spec = 'onnxruntime-node'; // a variable keeps browser bundlers away from the native addon
    nodeOrt ??= import(/* @vite-ignore */ spec).then(
      (m: { default?: OrtModule } & OrtModule) => m.default ?? m,
      (cause: unknown) => {
        nodeOrt = undefined;
        throw new Error(
          `@nextevent/kernels/ort: the optional peer onnxruntime-node could not be loaded: ${String(cause)}`,
        );
      },
    );
    return nodeOrt;
  }
  webOrt ??= import('onnxruntime-web/webgpu').then(
    (m) => m as unknown as OrtModule,
    (cause: unknown) => {
      webOrt = undefined;
      throw new Error(
        `@nextevent/kernels/ort: the optional peer onnxruntime-web could not be loaded: ${String(cause)}`,
      );
    },
  );
  return webOrt;
}

/** Creates a session for an in-memory ONNX model on the chosen execution provider. */
export async function createOrtSession(
  model: Uint8Array,
  options: OrtSessionOptions = {},
): Promise<OrtSession> {
  const node = isNode();
  const ep = options.executionProvider ?? (node ? 'cpu' : 'webgpu');
  if (node && ep === 'wasm') {
    throw new TypeError("createOrtSession options.executionProvider 'wasm' is only available in browsers");
  }
  const ort = options.ort ? (options.ort as OrtModule) : await loadOrt();
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [ep],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'disabled',
    ...(options.cpuFallback === false ? { extra: { session: { disable_cpu_ep_fallback: '1' } } } : {}),
  });
  return {
    backend: `${node ? 'onnxruntime-node' : 'onnxruntime-web'}/${ep}`,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(feeds) {
      const ortFeeds: Record<string, OrtTensorLike> = {};
      for (const [name, t] of Object.entries(feeds)) {
        ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      }
      const results = await session.run(ortFeeds);
      const out: Record<string, OrtTensorData> = {};
      for (const [name, t] of Object.entries(results)) {
        out[name] = {
          type: t.type as OrtTensorType,
          dims: [...t.dims],
          data: t.data as OrtTensorData['data'],
        };
      }
      return out;
    },
    release: () => session.release(),
  };
}

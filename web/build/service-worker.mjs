// Build time, Node: the bundled service worker, made by workbox-build's generateSW (npm,
// pinned) with a placeholder as its precache list, which becomes `self.__WB_MANIFEST`.
// Run by sitegen/publish/offline.py only when no template for these settings is cached (the
// bundling, rollup, babel and terser, takes about 3 s); each build then puts its precache
// list in place of `self.__WB_MANIFEST` itself, in Python (`precache_list`: the pages, the
// search index and the assets, revisioned by their md5, as Workbox's injectManifest does):
//
//   node web/build/service-worker.mjs '{"template": ..., "cacheId": ..., "runtimeCache": ...,
//                                       "metaCache": ..., "metaFiles": [...],
//                                       "pyodideFolder": "pyodide"}'
//
// - Precache (revisioned: a new build downloads only changed files, and drops old entries).
// - Not the Python runtime: two runtime routes under /pyodide/ instead. The small files that
//   change with every build (lock file, snapshot manifest, offline.json) network first, the
//   stored copy offline; everything else there (runtime folder, wheel, snapshot, stdlib: all
//   named by their hash) cache first, in a cache named after the runtime folder (versioned).
// - Both routes store only a response that is what it claims to be (VALID: a Workbox
//   plugin's cacheWillUpdate): never an HTML page (a host's or portal's error page sent with
//   200), the MIME type of its kind, the magic bytes of wasm and zip, and for a file named by
//   its hash (snapshot-<sha256>.bin, stdlib-<sha256>.zip, widgets-<sha256>/*.whl) that hash.
//   One bad response so never poisons the cache; a runtime that still fails to boot is
//   evicted by the worker (web/widgets/worker.mjs).
// - inlineWorkboxRuntime: Workbox's runtime is bundled into sw.js itself (no CDN, no second
//   file). No skipWaiting: a new version waits for the page's 'Nu vernieuwen'
//   (web/offline/register.mjs); generateSW then adds the SKIP_WAITING message handler.
// - clientsClaim: the first page is controlled as soon as the worker is active.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateSW } from "workbox-build";

const config = JSON.parse(process.argv[2] ?? "null");
if (!config?.template) {
  throw new Error("usage: node service-worker.mjs '<JSON settings>'");
}
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const pyodide = escape(config.pyodideFolder);
const PLACEHOLDER = { url: "__sitegen_precache_list__", revision: "0" };

// A Workbox plugin: its functions are copied into sw.js as source (workbox-build stringifies
// them), so they may use nothing but their arguments and the worker's globals.
const VALID = {
  cacheWillUpdate: async ({ request, response }) => {
    if (!response || response.status !== 200 || response.type === "opaque") return null;
    const path = new URL(request.url).pathname;
    const type = (response.headers.get("content-type") || "").toLowerCase();
    const kinds = [
      [/\.wasm$/, (t) => t.startsWith("application/wasm"), [0x00, 0x61, 0x73, 0x6d]],
      [/\.m?js$/, (t) => t.includes("javascript"), null],
      [/\.json$/, (t) => t.includes("json"), null],
      [/\.(zip|whl)$/, (t) => !t.startsWith("text/"), [0x50, 0x4b]],
      [/\.bin$/, (t) => !t.startsWith("text/"), null],
    ];
    const kind = kinds.find(([pattern]) => pattern.test(path));
    if (!kind || type.startsWith("text/html") || !kind[1](type)) return null;
    const named = path.match(/-([0-9a-f]{12,64})(\.bin|\.zip|\/[^/]+\.whl)$/);
    if (!kind[2] && !named) return response;
    const body = new Uint8Array(await response.clone().arrayBuffer());
    if (kind[2] && !kind[2].every((byte, i) => body[i] === byte)) return null;
    if (named) {
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
      const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
      if (!hex.startsWith(named[1])) return null;
    }
    return response;
  },
};

// The worker asks for a runtime file with `cache: "reload"` after a boot that failed
// (web/widgets/worker.mjs evict): then the cache-first route's stored copy, which may be the
// one that failed, is passed over too, and the fresh response replaces it.
const RELOAD = {
  cachedResponseWillBeUsed: async ({ request, cachedResponse }) =>
    request.cache === "reload" ? null : cachedResponse,
};

const draft = `${config.template}.${process.pid}.draft.js`;
const { warnings } = await generateSW({
  globDirectory: dirname(config.template),  // nothing is globbed: the list comes later
  globPatterns: [],
  additionalManifestEntries: [PLACEHOLDER],
  swDest: draft,
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  cacheId: config.cacheId,
  cleanupOutdatedCaches: true,
  skipWaiting: false,
  clientsClaim: true,
  // A static host ignores query strings: ?v=<version> on assets, a tool's filter in its URL.
  ignoreURLParametersMatching: [/.*/],
  directoryIndex: "index.html",
  runtimeCaching: [
    {
      urlPattern: new RegExp(`/${pyodide}/(${config.metaFiles.map(escape).join("|")})$`),
      handler: "NetworkFirst",
      options: { cacheName: config.metaCache, plugins: [VALID] },
    },
    {
      urlPattern: new RegExp(`/${pyodide}/`),
      handler: "CacheFirst",
      options: { cacheName: config.runtimeCache, plugins: [VALID, RELOAD] },
    },
  ],
});
for (const warning of warnings) console.warn(`workbox: ${warning}`);
const code = readFileSync(draft, "utf8");
rmSync(draft);
const list = `[{url:"${PLACEHOLDER.url}",revision:"${PLACEHOLDER.revision}"}]`;
const parts = code.split(list);
if (parts.length !== 2) {
  throw new Error(`the placeholder precache list occurs ${parts.length - 1} times in the generated worker (workbox-build changed its output?)`);
}
// Written whole, then renamed: a concurrent build never reads half a template.
writeFileSync(draft, parts.join("self.__WB_MANIFEST"));
renameSync(draft, config.template);

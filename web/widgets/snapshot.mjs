// The snapshot boot of the widget worker (worker.mjs): restore the build's memory snapshot of
// Python with the widgets imported and their data read (sitegen/tools/snapshot.py,
// web/build/snapshot.mjs), instead of booting Python and loading the wheel.
//
// Used only when it is certainly right; any doubt rejects with a reason (a NoSnapshot or
// Pyodide's own error, e.g. 'Snapshot build id mismatch'), and the worker boots normally:
//   - the manifest pyodide/snapshot.json (revalidated on every load, like the lock file) must
//     have a known format, name this build's runtime folder and the very wheel (sha256) that
//     pyodide-lock.json names;
//   - the snapshot's length and sha256 must be those of the manifest: Pyodide checks only a
//     magic number and its build id, and a damaged image may restore and answer wrongly
//     (seen: one changed byte in a band label).

const MANIFEST_FORMAT = 1; // sitegen/tools/snapshot.py MANIFEST_FORMAT

// A reason not to use the snapshot (reported to the page as the `fallback`).
export class NoSnapshot extends Error {}

async function fetchOk(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new NoSnapshot(`${new URL(url).pathname}: HTTP ${response.status}`);
  return response;
}

// The manifest if it fits this build, else a rejection (already handled: attach your own).
export function snapshotManifest(pyodideUrl, runtimeFolder, wheelPackage, lockText) {
  const found = (async () => {
    const response = await fetchOk(pyodideUrl + "snapshot.json", { cache: "no-cache" });
    const manifest = await response.json();
    if (manifest?.format !== MANIFEST_FORMAT) throw new NoSnapshot("unknown manifest format");
    if (`${manifest.runtime}/` !== runtimeFolder) {
      throw new NoSnapshot("stale: the snapshot was made for another Pyodide runtime");
    }
    const lock = JSON.parse(await lockText);
    const wheel = lock.packages?.[wheelPackage]?.sha256;
    if (!wheel || manifest.wheel?.sha256 !== wheel) {
      throw new NoSnapshot("stale: the snapshot was made for another widget wheel");
    }
    return manifest;
  })();
  found.catch(() => {}); // may reject before anyone awaits it (worker's unhandledrejection)
  return found;
}

async function checkedBytes(response, { bytes: size, sha256 }) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== size) throw new NoSnapshot(`truncated: ${bytes.length} of ${size} bytes`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== sha256) throw new NoSnapshot("corrupt: sha256 differs from the manifest");
  return bytes;
}

// Python restored from the snapshot, widgets imported; rejects with the reason otherwise.
export async function restoreSnapshot(manifestPromise, loadPyodide, options, pyodideUrl) {
  const manifest = await manifestPromise;
  // Wait for the response's status before loadPyodide starts fetching the runtime: a
  // fallback after that point would download the wasm and the stdlib twice.
  const response = await fetchOk(new URL(manifest.snapshot.url, pyodideUrl).href);
  // The body as a promise: loadPyodide fetches the wasm and the stdlib meanwhile, and awaits
  // it only later; should it reject before then, nobody would be listening: hence the catch.
  const bytes = checkedBytes(response, manifest.snapshot);
  bytes.catch(() => {});
  const runtime = await loadPyodide({ ...options, _loadSnapshot: bytes });
  // The restored memory holds the build machine's `random` state, the same for every
  // visitor: give this one its own (os.urandom asks the browser and is not affected).
  runtime.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
  for (const widget of manifest.widgets ?? []) runtime.pyimport(`widgets.${widget}`);
  return runtime;
}

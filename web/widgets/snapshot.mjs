// The snapshot boot of the widget worker (worker.mjs): restore the build's memory snapshot of
// Python with the widgets imported and their data read (sitegen/tools/snapshot.py,
// web/build/snapshot.mjs), instead of booting Python and loading the wheel.
//
// Used only when it is certainly right; any doubt rejects with a reason (a NoSnapshot or
// Pyodide's own error, e.g. 'Snapshot build id mismatch'), and the worker boots normally:
//   - the manifest (this build's, in runtime.mjs) must have a known format, name this
//     build's runtime folder and the very wheel (sha256) that the lock file names;
//   - the download's length and sha256 must be those of the manifest: Pyodide checks only a
//     magic number and its build id, and a damaged image may restore and answer wrongly
//     (seen: one changed byte in a band label).
//
// Fewer bytes: the published file is the snapshot XOR the memory that pyodide.asm.wasm's own
// data segments lay out (xorDataSegments), without its empty pages (packSparse). About 3.2 MB of the memory are those segments,
// mostly unchanged after the boot, so the file is zeros there: 1.3 MB less on the wire. The
// worker gets the wasm's bytes from the download Pyodide makes anyway (a clone of its
// response), and undoes the XOR before Pyodide sees the snapshot. The build uses the same
// function to make the file (web/build/snapshot.mjs).

export const MANIFEST_FORMAT = 2; // sitegen/tools/snapshot.py MANIFEST_FORMAT

// A reason not to use the snapshot (reported to the page as the `fallback`).
export class NoSnapshot extends Error {}

function leb(bytes, at, signed = false) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at.i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  if (signed && byte & 0x40) value -= 2 ** shift;
  return value;
}

// XOR every active data segment of the wasm module `wasm` into `memory` (a snapshot's memory
// part, from its start address 0), in place: applied twice, it is undone. Throws on a module
// this does not understand (then there is no snapshot, or the worker boots normally).
export function xorDataSegments(wasm, memory) {
  const at = { i: 8 };
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) {
    throw new NoSnapshot("not a wasm module");
  }
  while (at.i < wasm.length) {
    const id = wasm[at.i++];
    const size = leb(wasm, at);
    const end = at.i + size;
    if (id === 11) {
      for (let count = leb(wasm, at); count > 0; count -= 1) {
        const flags = leb(wasm, at);
        if (flags === 1) {
          at.i += leb(wasm, at); // passive: not laid out at start
          continue;
        }
        if (flags === 2) leb(wasm, at); // memory index
        else if (flags !== 0) throw new NoSnapshot(`data segment flags ${flags}`);
        if (wasm[at.i++] !== 0x41) throw new NoSnapshot("data segment offset is not a constant");
        const offset = leb(wasm, at, true);
        if (wasm[at.i++] !== 0x0b) throw new NoSnapshot("data segment offset expression");
        const length = leb(wasm, at);
        if (offset < 0 || offset + length > memory.length) {
          throw new NoSnapshot("data segment outside the snapshot's memory");
        }
        for (let k = 0; k < length; k += 1) memory[offset + k] ^= wasm[at.i + k];
        at.i += length;
      }
    }
    at.i = end;
  }
}

// The memory part of a Pyodide snapshot (after its header and JSON: uint32 at byte 4).
export function snapshotMemory(snapshot) {
  const offset = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  return snapshot.subarray(offset);
}

// The published file leaves out the memory's empty pages (two thirds of its 31.5 MB, once
// XORed): less to decompress, hash and copy on every start. Layout, little-endian uint32s:
//   "SPRS", header length H, memory length M, page size P; the snapshot's first H bytes
//   (Pyodide's header and JSON); one byte per page of memory (1: present); present pages.
const SPARSE = 0x53525053; // "SPRS"

export function packSparse(snapshot, pageSize = 65536) {
  const memory = snapshotMemory(snapshot);
  const header = snapshot.subarray(0, snapshot.length - memory.length);
  const pages = Math.ceil(memory.length / pageSize);
  const map = new Uint8Array(pages);
  let present = 0;
  for (let page = 0; page < pages; page += 1) {
    const chunk = memory.subarray(page * pageSize, (page + 1) * pageSize);
    if (chunk.some((byte) => byte !== 0)) {
      map[page] = 1;
      present += chunk.length;
    }
  }
  const out = new Uint8Array(16 + header.length + pages + present);
  const view = new DataView(out.buffer);
  [SPARSE, header.length, memory.length, pageSize].forEach((v, i) => view.setUint32(4 * i, v, true));
  out.set(header, 16);
  out.set(map, 16 + header.length);
  let at = 16 + header.length + pages;
  for (let page = 0; page < pages; page += 1) {
    if (!map[page]) continue;
    const chunk = memory.subarray(page * pageSize, (page + 1) * pageSize);
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function unpackSparse(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (packed.length < 16 || view.getUint32(0, true) !== SPARSE) {
    throw new NoSnapshot("not a sparse snapshot");
  }
  const [headerLength, memoryLength, pageSize] = [4, 8, 12].map((i) => view.getUint32(i, true));
  const pages = Math.ceil(memoryLength / pageSize);
  const out = new Uint8Array(headerLength + memoryLength);
  out.set(packed.subarray(16, 16 + headerLength));
  const map = packed.subarray(16 + headerLength, 16 + headerLength + pages);
  let at = 16 + headerLength + pages;
  for (let page = 0; page < pages; page += 1) {
    if (!map[page]) continue;
    const length = Math.min(pageSize, memoryLength - page * pageSize);
    if (at + length > packed.length) throw new NoSnapshot("sparse snapshot: truncated");
    out.set(packed.subarray(at, at + length), headerLength + page * pageSize);
    at += length;
  }
  if (at !== packed.length) throw new NoSnapshot("sparse snapshot: wrong length");
  return out;
}

// The manifest if it fits this build (runtime folder, wheel), else throws a NoSnapshot.
export function checkManifest(manifest, runtimeFolder, wheelSha256) {
  if (!manifest) throw new NoSnapshot("no snapshot in this build");
  if (manifest.format !== MANIFEST_FORMAT) throw new NoSnapshot("unknown manifest format");
  if (`${manifest.runtime}/` !== runtimeFolder) {
    throw new NoSnapshot("stale: the snapshot was made for another Pyodide runtime");
  }
  if (!wheelSha256 || manifest.wheel?.sha256 !== wheelSha256) {
    throw new NoSnapshot("stale: the snapshot was made for another widget wheel");
  }
  return manifest;
}

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function checkedBytes(response, { bytes: size, sha256 }) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== size) throw new NoSnapshot(`truncated: ${bytes.length} of ${size} bytes`);
  if ((await sha256Hex(bytes)) !== sha256) {
    throw new NoSnapshot("corrupt: sha256 differs from the manifest");
  }
  return bytes;
}

// Python restored from the snapshot, widgets imported; rejects with the reason otherwise.
//   fetchFile(url) -> Response   the worker's fetch (counts progress, reports failures)
//   wasmBytes                    a promise of pyodide.asm.wasm's bytes (the worker taps
//                                Pyodide's own download of it)
//   options                      loadPyodide's options for this build
export async function restoreSnapshot(manifest, { loadPyodide, options, pyodideUrl, fetchFile,
  wasmBytes, marks = () => {} }) {
  // Wait for the response's status before loadPyodide starts fetching the runtime: a
  // fallback after that point would download the wasm twice.
  const response = await fetchFile(new URL(manifest.snapshot.url, pyodideUrl).href);
  if (!response.ok) {
    throw new NoSnapshot(`${new URL(response.url).pathname}: HTTP ${response.status}`);
  }
  // A promise: loadPyodide fetches the wasm meanwhile and awaits this before it compiles;
  // should it reject before then, nobody would be listening: hence the catch.
  const snapshot = (async () => {
    const bytes = unpackSparse(await checkedBytes(response, manifest.snapshot));
    marks("snapshot-fetched");
    xorDataSegments(await wasmBytes, snapshotMemory(bytes));
    marks("snapshot-decoded");
    return bytes;
  })();
  snapshot.catch(() => {});
  const stdLibURL = new URL(manifest.stub.url, pyodideUrl).href; // every module is in memory
  const runtime = await loadPyodide({ ...options, stdLibURL, _loadSnapshot: snapshot });
  marks("snapshot-restored");
  // The restored memory holds the build machine's `random` state, the same for every
  // visitor: give this one its own (os.urandom asks the browser and is not affected).
  runtime.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
  for (const widget of manifest.widgets ?? []) runtime.pyimport(`widgets.${widget}`);
  return runtime;
}

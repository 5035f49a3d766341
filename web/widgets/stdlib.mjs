// Python's standard library for the widget worker (worker.mjs) and the build's snapshot
// (web/build/snapshot.mjs): fewer bytes on a first visit.
//
// Pyodide mounts one zip as the standard library (its `stdLibURL` option, written to
// /lib/python314.zip before Python starts). The site publishes three:
//   - the whole python_stdlib.zip of the runtime (2.5 MB on the wire);
//   - a trimmed one: only the modules Pyodide and the widgets import, compiled to .pyc by
//     this very Pyodide at build time (web/build/stdlib.mjs): the normal boot's, a third of
//     its CPU time (no compiling) and half the bytes;
//   - an empty zip for the snapshot boot: the restored memory has every module it needs,
//     and the snapshot was made with the trimmed zip detached from sys.path.
// A module that is in neither (a widget importing something new, an error path) still
// imports: FINDER, last on sys.meta_path, fetches the whole python_stdlib.zip once, with a
// synchronous request (allowed in workers), and imports from it.

// The Python module `_full_stdlib`; install() runs it, configure() gives it the URL.
export const FINDER = String.raw`
import sys
from importlib.machinery import PathFinder

TRIMMED = "/lib/python%d%d.zip" % sys.version_info[:2]  # where Pyodide mounts stdLibURL
ARCHIVE = "/lib/python_stdlib_full.zip"
url = None  # the whole python_stdlib.zip (absolute URL), set by configure()
state = None  # None: not fetched yet; True: mounted; False: not available


def configure(address):
    global url
    url = address


def mount():
    global state
    if state is None:
        state = False
        if url:
            import js  # the worker's globals

            request = js.XMLHttpRequest.new()
            request.open("GET", url, False)
            request.responseType = "arraybuffer"
            request.send()
            if request.status == 200:
                with open(ARCHIVE, "wb") as out:
                    out.write(request.response.to_bytes())
                state = True
    return state


class FullStdlib:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if not mount():
            return None
        if path is None:
            path = [ARCHIVE]
        else:  # a package of the trimmed zip: the same folder in the whole one
            path = [ARCHIVE + p[len(TRIMMED):] for p in path if p.startswith(TRIMMED)]
        return PathFinder.find_spec(name, path, target) if path else None

    @staticmethod
    def invalidate_caches():
        pass


def detach_trimmed():
    """Before a snapshot: after a restore the file at TRIMMED is the empty zip."""
    import zipimport

    sys.path[:] = [p for p in sys.path if not p.startswith(TRIMMED)]
    for key in [k for k in sys.path_importer_cache if k.startswith(TRIMMED)]:
        del sys.path_importer_cache[key]
    zipimport._zip_directory_cache.clear()


sys.meta_path.append(FullStdlib)
`;

// Run FINDER as the module _full_stdlib (once per interpreter).
export function install(pyodide) {
  pyodide.runPython(
    "import sys, types\n" +
      "if '_full_stdlib' not in sys.modules:\n" +
      "    m = types.ModuleType('_full_stdlib')\n" +
      "    sys.modules['_full_stdlib'] = m\n" +
      `    exec(${JSON.stringify(FINDER)}, m.__dict__)\n`,
  );
}

// Where the whole python_stdlib.zip is, for imports the interpreter cannot resolve otherwise.
export function configure(pyodide, url) {
  const module = pyodide.pyimport("_full_stdlib");
  try {
    module.configure(url);
  } finally {
    module.destroy();
  }
}

// Runs the site's own search for tests/test_search.py: the search worker of mkdocs-material
// exactly as the built site publishes it (assets/javascripts/workers/search.*.min.js, with
// its lunr and lunr-languages from assets/javascripts/lunr/), in a Node `vm` context that
// stands in for the Web Worker (self, importScripts, addEventListener, postMessage). It gets
// the messages the theme's page sends: SETUP with the built search/search_index.json (and
// `suggest`, as the site's features have it), then one QUERY per query.
//
//   node search_eval.mjs <site> < queries.json > results.json
//
// stdin: ["query", ...]. stdout: [[{"location", "title", "score", "sections": [...]}, ...],
// ...]: per query the result items in the order the search box lists them (one item per page:
// the page and its matching sections, as the theme groups them).
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import vm from "node:vm";

const site = resolve(process.argv[2]);
const queries = JSON.parse(readFileSync(0, "utf8"));
const workers = resolve(site, "assets/javascripts/workers");
const script = readdirSync(workers).find((name) => /^search\.[0-9a-f]+\.min\.js$/.test(name));
if (!script) throw new Error(`no search worker in ${workers}`);

// The theme's message types (integrations/search/worker/message): SETUP, READY, QUERY, RESULT.
const SETUP = 0;
const QUERY = 2;

const context = { console, URL, TextEncoder, TextDecoder, setTimeout, clearTimeout };
context.self = context;
let listener = null;
let reply = null;
context.addEventListener = (type, fn) => {
  if (type === "message") listener = fn;
};
context.postMessage = (message) => reply(message);
// A worker's importScripts resolves against the worker script's own URL.
context.importScripts = (...urls) => {
  for (const url of urls) {
    const file = resolve(workers, url);
    vm.runInContext(readFileSync(file, "utf8"), context, { filename: file });
  }
};
vm.createContext(context);
vm.runInContext(readFileSync(resolve(workers, script), "utf8"), context, { filename: script });

function send(message) {
  return new Promise((done) => {
    reply = done;
    listener({ data: message });
  });
}

const index = JSON.parse(readFileSync(resolve(site, "search/search_index.json"), "utf8"));
await send({ type: SETUP, data: { config: index.config, docs: index.docs, options: { suggest: true } } });
const results = [];
for (const query of queries) {
  const { data } = await send({ type: QUERY, data: query });
  results.push(
    data.items.map((group) => {
      // The theme renders the page (location without '#') first, then its sections.
      const page = group.find((item) => !item.location.includes("#")) || group[0];
      return {
        location: page.location,
        title: page.title,
        score: group[0].score,
        sections: group.filter((item) => item !== page).map((item) => item.location),
      };
    }),
  );
}
process.stdout.write(JSON.stringify(results));

// Renders the web app's PNG icons from web/offline/icon.svg (run by hand after changing it;
// the PNGs are committed, so the build needs no image renderer and no native binary).
//
//   node web/build/icons.mjs           write web/offline/icon-192.png, icon-512.png,
//                                      apple-touch-icon.png
//   node web/build/icons.mjs --check   exit 1 if a committed PNG differs from a fresh render
//                                      (tests/test_offline.py)
//
// @resvg/resvg-js (npm, pinned devDependency) ships its renderer as a platform package of the
// registry: no system library, no download at run time.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";

const FOLDER = join(import.meta.dirname, "..", "offline");
export const ICONS = { "icon-192.png": 192, "icon-512.png": 512, "apple-touch-icon.png": 180 };

const svg = readFileSync(join(FOLDER, "icon.svg"));
const check = process.argv.includes("--check");
const stale = [];
for (const [name, size] of Object.entries(ICONS)) {
  const png = new Resvg(svg, { fitTo: { mode: "width", value: size } }).render().asPng();
  if (!check) writeFileSync(join(FOLDER, name), png);
  else if (!Buffer.from(png).equals(readFileSync(join(FOLDER, name)))) stale.push(name);
}
if (stale.length) {
  console.error(`not rendered from icon.svg: ${stale.join(", ")} (run node web/build/icons.mjs)`);
  process.exit(1);
}

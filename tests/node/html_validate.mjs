// html-validate (npm, pinned in package.json) over built pages, through its API: the 11.x
// command line needs a newer Node than Debian's 20, and the API lets a message the theme's
// own markup causes be told apart by its selector (tests/html-validate.json says which, and
// why). Prints one JSON object: {"ours": ["page:line:col rule message (selector)"],
// "theme": {"rule": count}, "pages": N}. The test (tests/test_html_validate.py) decides.
//
// usage: node tests/node/html_validate.mjs CONFIG SITE_DIR page.html...
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import { readFileSync } from "node:fs";
import path from "node:path";

const [configFile, siteDir, ...pages] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, "utf8"));
const themeOnly = config.theme_only.map((t) => ({ ...t, pattern: new RegExp(t.selector) }));
const validator = new HtmlValidate(
  new FileSystemConfigLoader({ root: true, extends: [config.preset], elements: ["html5"] }),
);

const ours = [];
const theme = {};
for (const page of pages) {
  const report = await validator.validateFile(path.join(siteDir, page));
  for (const result of report.results) {
    for (const m of result.messages) {
      const known = themeOnly.find(
        (t) => t.rule === m.ruleId && t.pattern.test(m.selector ?? ""),
      );
      if (known) {
        theme[m.ruleId] = (theme[m.ruleId] ?? 0) + 1;
      } else {
        ours.push(`${page}:${m.line}:${m.column} ${m.ruleId} ${m.message} (${m.selector})`);
      }
    }
  }
}
console.log(JSON.stringify({ ours, theme, pages: pages.length }));

// Build the front-end assets served by the application at /assets/ (valuedcare/static/).
//
//   npm ci && npm run build
//
// Writes three git-ignored folders, each emptied first:
//   static/css/     app.css: the NHS.UK design system (without the Frutiger web font) + our styles
//   static/nhsuk/   nhsuk-frontend.min.js (an ES module) and the design system's images, favicons
//                   and manifest, where app.css and nhsuk/template.jinja expect them
//   static/vendor/  vega, vega-lite and vega-embed (UMD builds) and the CSS that vega-embed and
//                   vega-tooltip would otherwise inject as inline <style> (blocked by our CSP)
// Nothing is downloaded: every file comes from node_modules. The build fails if app.css refers
// to a file that is not there, or if a stylesheet still points at another host.

import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const modules = join(root, "node_modules");
const staticDir = join(root, "valuedcare", "static");
const out = {
  css: join(staticDir, "css"),
  nhsuk: join(staticDir, "nhsuk"),
  vendor: join(staticDir, "vendor"),
};

function fresh(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

function report(file) {
  const bytes = readFileSync(file).length;
  console.log(`  ${relative(root, file)} (${bytes.toLocaleString("en-GB")} bytes)`);
}

function buildCss() {
  const result = sass.compile(join(here, "scss", "app.scss"), {
    loadPaths: [modules],
    style: "compressed",
    sourceMap: false,
    quietDeps: true,
  });
  const file = join(out.css, "app.css");
  writeFileSync(file, result.css);
  return file;
}

// Copy a script and, when the package ships it, the source map its last line points to.
function copyScript(source, targetDir) {
  const target = join(targetDir, basename(source));
  copyFileSync(source, target);
  if (existsSync(`${source}.map`)) copyFileSync(`${source}.map`, `${target}.map`);
  return target;
}

function copyNhsuk() {
  const dist = join(modules, "nhsuk-frontend", "dist", "nhsuk");
  copyScript(join(dist, "nhsuk-frontend.min.js"), out.nhsuk);
  cpSync(join(dist, "assets"), out.nhsuk, { recursive: true });
  return [join(out.nhsuk, "nhsuk-frontend.min.js"), join(out.nhsuk, "manifest.json")];
}

function copyVega() {
  const files = [
    ["vega", "build", "vega.min.js"],
    ["vega-lite", "build", "vega-lite.min.js"],
    ["vega-embed", "build", "vega-embed.min.js"],
  ];
  return files.map((parts) => copyScript(join(modules, ...parts), out.vendor));
}

// vega-embed and vega-tooltip keep their CSS as a JavaScript template string and inject it as a
// <style> element unless told not to (defaultStyle: false, tooltip.disableDefaultStyle: true).
function extractTemplateString(file, marker) {
  const source = readFileSync(file, "utf8");
  const start = source.indexOf(marker);
  if (start < 0) throw new Error(`Cannot find ${marker} in ${file}`);
  const open = source.indexOf("`", start);
  const close = source.indexOf("`", open + 1);
  const css = source.slice(open + 1, close);
  if (!css.includes("{") || css.includes("${")) throw new Error(`Unexpected CSS in ${file}`);
  return css;
}

function writeVegaCss() {
  const embed = join(out.vendor, "vega-embed.css");
  const tooltip = join(out.vendor, "vega-tooltip.css");
  writeFileSync(embed, extractTemplateString(join(modules, "vega-embed", "src", "style.ts"), "export default"));
  writeFileSync(
    tooltip,
    extractTemplateString(join(modules, "vega-tooltip", "build", "index.js"), "var defaultStyle"),
  );
  return [embed, tooltip];
}

function checkStylesheet(file) {
  const css = readFileSync(file, "utf8");
  const urls = [...css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((match) => match[1]);
  for (const url of urls) {
    if (url.startsWith("data:")) continue;
    if (/^[a-z]+:|^\/\//i.test(url)) throw new Error(`${file} refers to another host: ${url}`);
    const target = resolve(dirname(file), url.split(/[?#]/)[0]);
    if (!existsSync(target)) throw new Error(`${file} refers to a missing file: ${url}`);
  }
  if (/frutiger/i.test(css)) throw new Error(`${file} still mentions the Frutiger web font`);
  return urls.length;
}

function main() {
  const started = Date.now();
  Object.values(out).forEach(fresh);
  const css = buildCss();
  const written = [css, ...copyNhsuk(), ...copyVega(), ...writeVegaCss()];
  const urls = checkStylesheet(css);
  console.log("Front-end assets built:");
  written.forEach(report);
  console.log(`  ${urls} url() references in app.css resolve; done in ${Date.now() - started} ms`);
}

main();

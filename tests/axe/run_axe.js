// Run axe-core's WCAG 2.0, 2.1 and 2.2 A/AA rules on one HTML file in headless Chromium.
// Usage: node run_axe.js FILE.html [CHROMIUM]; prints the violations as JSON; exit 1 if any.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

async function main() {
  const file = path.resolve(process.argv[2]);
  const executablePath = process.argv[3] || "/usr/bin/chromium";
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "reportgen-axe-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  try {
    const page = await context.newPage();
    await page.goto("file://" + file, { waitUntil: "load" });
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const results = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] } })
    );
    const violations = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
    process.stdout.write(JSON.stringify({ passes: results.passes.length, violations }, null, 1) + "\n");
    process.exitCode = violations.length ? 1 : 0;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exitCode = 2;
});

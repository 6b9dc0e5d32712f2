// Compiles the design system with our settings and copies its built assets into quizapp/static/dist.
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

const out = "quizapp/static/dist";
const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync(out, { recursive: true });

const css = compile("quizapp/static/src/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/app.css`, css.css);
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
console.log(`built ${out}/app.css (${css.css.length} bytes)`);

// Load the files `ivr tests` wrote with the testers' own loaders; exit 1 when one refuses a file.
//   node scripts/check-testscripts.js MODULES_FOLDER OUTPUT_FOLDER...
// Bespoken (*.e2e.yml): bespoken-tools' loader, skill-testing-ml's TestRunner.parseContents (TestParser.parse,
// then validateIvrTests), with the suite configured as a phone e2e test. IVR Tester (*.json): ivr-tester-cli's
// scenarioConverter, which validates a scenario file before it runs it.
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, ...folders] = process.argv.slice(2);
const load = (name) => require(path.resolve(modules, "node_modules", name));
const { TestRunner } = load("skill-testing-ml");
const Configuration = load("skill-testing-ml/dist/lib/runner/Configuration");
const { scenarioConverter } = load("ivr-tester-cli/dist/options/scenario/json/scenarioConverter");

function* files(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

async function main() {
  await Configuration.configure({ type: "e2e", platform: "phone" }, "", {});
  let failed = 0, suites = 0, tests = 0, interactions = 0, scenarios = 0, steps = 0;
  for (const folder of folders) {
    for (const file of files(folder)) {
      try {
        if (file.endsWith(".e2e.yml")) {
          const suite = new TestRunner().parseContents(file, fs.readFileSync(file, "utf8"));
          if (suite.platform !== "phone" || suite.type !== "e2e") throw new Error(`read as ${suite.platform} ${suite.type}`);
          suites += 1;
          tests += suite.tests.length;
          for (const test of suite.tests) interactions += test.interactions.length;
        } else if (file.endsWith(".json")) {
          const scenario = scenarioConverter(JSON.parse(fs.readFileSync(file, "utf8")));
          scenarios += 1;
          steps += scenario.steps.length;
        }
      } catch (error) {
        failed += 1;
        console.log(`${file}: ${error.message || error}`);
      }
    }
  }
  console.log(`bespoken-tools loaded ${suites} test files: ${tests} tests, ${interactions} interactions`);
  console.log(`ivr-tester-cli loaded ${scenarios} scenarios: ${steps} steps`);
  console.log(failed ? `${failed} files refused` : "no file refused");
  process.exit(failed ? 1 : 0);
}

main().catch((error) => { console.log(error); process.exit(2); });

#!/usr/bin/env node
// Check BPMN files the way the modellers do: import each with bpmn-moddle (as bpmn.io and
// Camunda Modeler do) and lint it with bpmnlint using the project's .bpmnlintrc.
//
// Usage: node service/diagrams/bpmn_lint.mjs [--config .bpmnlintrc] FILE...
// Prints one JSON array of {file, id, message, rule, category}; category is "error" or
// "warn" as configured. Import warnings and parse errors are reported as errors.
// Exit status: 0 when nothing was reported, 1 when something was, 2 on bad usage.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BpmnModdle } from 'bpmn-moddle';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

function parseArgs(argv) {
  const files = [];
  let config = path.join(root, '.bpmnlintrc');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config') {
      config = argv[++i];
    } else {
      files.push(argv[i]);
    }
  }
  return { files, config };
}

async function importDiagram(file, xml) {
  const moddle = new BpmnModdle();
  try {
    const { rootElement, warnings = [] } = await moddle.fromXML(xml);
    return { rootElement, reports: warnings.map((w) => importReport(file, w)) };
  } catch (error) {
    const reports = (error.warnings || []).map((w) => importReport(file, w));
    reports.push({ file, id: null, message: 'cannot be read: ' + error.message.split('\n')[0],
      rule: 'bpmn-moddle', category: 'error' });
    return { rootElement: null, reports };
  }
}

function importReport(file, warning) {
  const element = warning.element;
  return { file, id: (element && element.id) || null, message: warning.message.split('\n')[0],
    rule: 'bpmn-moddle', category: 'error' };
}

async function lintFile(file, config, resolver) {
  const xml = await readFile(file, 'utf-8');
  const { rootElement, reports } = await importDiagram(file, xml);
  if (!rootElement) {
    return reports;
  }
  const linter = new Linter({ config, resolver });
  const results = await linter.lint(rootElement);
  for (const [rule, ruleReports] of Object.entries(results)) {
    for (const report of ruleReports) {
      reports.push({ file, id: report.id || null, message: report.message, rule,
        category: report.category });
    }
  }
  return reports;
}

async function main() {
  const { files, config: configPath } = parseArgs(process.argv.slice(2));
  if (!files.length) {
    console.error('usage: node service/diagrams/bpmn_lint.mjs [--config .bpmnlintrc] FILE...');
    process.exit(2);
  }
  const config = JSON.parse(await readFile(configPath, 'utf-8'));
  // Rules resolve from this project's node_modules, whatever the working directory.
  const resolver = new NodeResolver({ require });
  const all = [];
  for (const file of files) {
    all.push(...await lintFile(file, config, resolver));
  }
  process.stdout.write(JSON.stringify(all, null, 1) + '\n');
  process.exit(all.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error.message || String(error));
  process.exit(2);
});

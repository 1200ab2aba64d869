const vm = require('vm');
const { NodeVM } = require('vm2');
const express = require('express');

const app = express();

app.get('/calc', (req, res) => {
  // ruleid: js-code-injection
  const value = eval(req.query.expr);
  // ruleid: js-code-injection
  const fn = new Function('x', req.query.body);
  // ruleid: js-code-injection
  vm.runInNewContext(req.body.code, {});
  // ruleid: js-code-injection
  setTimeout('refresh(' + req.query.id + ')', 100);
  // ok: js-code-injection
  setTimeout(() => res.json({ value, fn }), 100);
  // ok: js-code-injection
  const parsed = JSON.parse(req.query.json);
  // ruleid: js-code-injection
  const plugin = require(req.query.plugin);
  // ok: js-code-injection
  const two = eval('1 + 1');
  // ok: js-code-injection
  const fs = require('fs');
  res.json({ parsed, two, plugin, fs: typeof fs });
});

app.post('/report', (req, res) => {
  const sandbox = { lines: req.body.lines };
  vm.createContext(sandbox);
  // ruleid: js-code-injection
  const total = vm.runInContext('sum(lines)', sandbox, { timeout: 100 });
  const context = vm.createContext({ name: req.query.name });
  // ruleid: js-code-injection
  const greet = vm.compileFunction('return name', [], { parsingContext: context });
  // ok: js-code-injection
  const fixed = vm.runInNewContext('1 + 2', { lines: [1, 2] });
  // ruleid: js-code-injection
  const nodeVM = new NodeVM({ timeout: 1000, sandbox: { rows: req.body.rows } });
  res.json({ total, greet: greet(), fixed, out: nodeVM.run('module.exports = rows.length') });
});

const vm = require('vm');
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

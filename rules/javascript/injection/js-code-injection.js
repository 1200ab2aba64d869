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
  // ok: js-code-injection
  const two = eval('1 + 1');
  res.json({ parsed, two });
});

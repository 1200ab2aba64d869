const express = require("express");

const app = express();

const METHODS = new Map([["sum", (xs) => xs.reduce((a, b) => a + b, 0)]]);

app.post("/rpc", (req, res) => {
  // ruleid: js-unsafe-reflection
  const result = global[req.body.method](req.body.params);
  const name = req.query.fn;
  // ruleid: js-unsafe-reflection
  const fn = globalThis[name];
  // ok: js-unsafe-reflection
  const method = METHODS.get(req.body.method);
  // ok: js-unsafe-reflection
  const parse = global["JSON"].parse;
  res.json({ result, fn: typeof fn, sum: method && method(req.body.params), parse: typeof parse });
});

function onLoad() {
  const action = location.hash.slice(1);
  // ruleid: js-unsafe-reflection
  window[action]();
}

function dispatch(handlers, name) {
  // ok: js-unsafe-reflection
  return handlers[name]();
}

module.exports = { onLoad, dispatch };

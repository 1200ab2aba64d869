const escapeStringRegexp = require('escape-string-regexp');

function find(req, text) {
  // ruleid: js-regex-injection
  const a = new RegExp(req.query.q).test(text);
  // ok: js-regex-injection
  const b = new RegExp(escapeStringRegexp(req.query.q)).test(text);
  // ok: js-regex-injection
  const c = /^\d+$/.test(req.query.q);
  return [a, b, c];
}

module.exports = { find };

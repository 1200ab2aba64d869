const libxmljs = require('libxmljs');

function parse(req) {
  // ruleid: js-xxe
  const a = libxmljs.parseXml(req.body, { noent: true });
  // ok: js-xxe
  const b = libxmljs.parseXml(req.body, { noent: false, nonet: true });
  return [a, b];
}

module.exports = { parse };

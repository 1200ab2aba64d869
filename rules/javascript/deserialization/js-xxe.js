const libxmljs = require('libxmljs');

function parse(req) {
  // ruleid: js-xxe
  const a = libxmljs.parseXml(req.body, { noent: true });
  // ok: js-xxe
  const b = libxmljs.parseXml(req.body, { noent: false, nonet: true });
  return [a, b];
}

// `libxml`: the module as a global some apps set up once (a sandbox, a test harness)
function parseUpload(file) {
  const options = { noblanks: true, noent: true };
  // ruleid: js-xxe
  return libxml.parseXmlString(file.buffer.toString(), options);
}

module.exports = { parse, parseUpload };

const serialize = require('node-serialize');

function profile(req) {
  // ruleid: js-unsafe-deserialization
  const p = serialize.unserialize(req.cookies.profile);
  // ok: js-unsafe-deserialization
  const q = JSON.parse(req.cookies.profile);
  return [p, q];
}

module.exports = { profile };

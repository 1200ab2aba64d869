const jwt = require('jsonwebtoken');

function check(req, key) {
  // ruleid: js-jwt-insecure
  const a = jwt.verify(req.headers.authorization, key, { algorithms: ['none'] });
  // ruleid: js-jwt-insecure
  const user = jwt.decode(req.headers.authorization);
  // ok: js-jwt-insecure
  const b = jwt.verify(req.headers.authorization, key, { algorithms: ['RS256'] });
  return [a, user, b];
}

const jwtSimple = require('jwt-simple');

function legacy(token, secret) {
  // ruleid: js-jwt-insecure
  const claims = jwtSimple.decode(token, secret, true);
  // ruleid: js-jwt-insecure
  const alsoUnchecked = jwtSimple.decode(token, secret, 'HS256');
  // ok: js-jwt-insecure
  const checked = jwtSimple.decode(token, secret);
  // ok: js-jwt-insecure
  const checked2 = jwtSimple.decode(token, secret, false, 'HS256');
  return [claims, alsoUnchecked, checked, checked2];
}

module.exports = { check, legacy };

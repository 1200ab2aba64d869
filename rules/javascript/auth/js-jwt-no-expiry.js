const jwt = require('jsonwebtoken');

function issue(user, key, claims) {
  // ruleid: js-jwt-no-expiry
  const a = jwt.sign({ sub: user.id }, key);
  // ok: js-jwt-no-expiry
  const b = jwt.sign({ sub: user.id }, key, { expiresIn: '15m' });
  // ok: js-jwt-no-expiry
  const c = jwt.sign(claims, key);
  return [a, b, c];
}

module.exports = { issue };

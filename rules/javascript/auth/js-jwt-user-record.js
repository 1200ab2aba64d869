const jwt = require('jsonwebtoken');

function login(req, res, user, key) {
  // ruleid: js-jwt-user-record
  const token = jwt.sign(user, key, { expiresIn: '1h' });
  // ruleid: js-jwt-user-record
  const again = jwt.sign(req.user, key, { expiresIn: '1h' });
  // ok: js-jwt-user-record
  const claims = jwt.sign({ sub: user.id, role: user.role }, key, { expiresIn: '1h' });
  const payload = { sub: user.id };
  // ok: js-jwt-user-record
  const minimal = jwt.sign(payload, key, { expiresIn: '1h' });
  // ok: js-jwt-user-record
  const username = jwt.sign(user.name, key);
  res.json({ token, again, claims, minimal, username });
}

module.exports = { login };

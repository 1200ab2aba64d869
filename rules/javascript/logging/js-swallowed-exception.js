const jwt = require('jsonwebtoken');

function user(token, key) {
  try {
    return jwt.verify(token, key);
  // ruleid: js-swallowed-exception
  } catch (e) {}
  try {
    return jwt.verify(token, key);
  // ok: js-swallowed-exception
  } catch (e) {
    return null;
  }
}

module.exports = { user };

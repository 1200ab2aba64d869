const crypto = require('crypto');

function makeToken() {
  // ruleid: js-insecure-random
  const resetToken = Math.random().toString(36).slice(2);
  // ok: js-insecure-random
  const safeToken = crypto.randomBytes(32).toString('hex');
  // ok: js-insecure-random
  const jitter = Math.random() * 100;
  return { resetToken, safeToken, jitter };
}

function remember(req, res) {
  // ruleid: js-insecure-random
  res.cookie('remember', String(Math.random()), { secure: true, httpOnly: true });
  // ok: js-insecure-random
  res.cookie('remember', crypto.randomUUID(), { secure: true, httpOnly: true });
}

function legacyKey() {
  // ruleid: js-insecure-random
  return crypto.pseudoRandomBytes(32);
}

module.exports = { makeToken, remember, legacyKey };

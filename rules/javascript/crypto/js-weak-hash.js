const crypto = require('crypto');

function digest(password, data) {
  // ruleid: js-weak-hash
  const a = crypto.createHash('md5').update(password).digest('hex');
  // ruleid: js-weak-hash
  const b = crypto.createHmac('sha1', 'k').update(data).digest('hex');
  // ok: js-weak-hash
  const c = crypto.createHash('sha256').update(data).digest('hex');
  return [a, b, c];
}

module.exports = { digest };

const crypto = require('crypto');

function enc(key, iv, password) {
  // ruleid: js-weak-cipher
  const a = crypto.createCipher('aes-256-cbc', password);
  // ruleid: js-weak-cipher
  const b = crypto.createCipheriv('des-ede3-cbc', key, iv);
  // ruleid: js-weak-cipher
  const c = crypto.createCipheriv('aes-128-ecb', key, null);
  // ok: js-weak-cipher
  const d = crypto.createCipheriv('aes-256-gcm', key, iv);
  return [a, b, c, d];
}

module.exports = { enc };

const crypto = require('node:crypto');

const ALGO = 'aes-256-gcm';

function open(box, key) {
  // ruleid: js-gcm-tag-length-unchecked
  const d1 = crypto.createDecipheriv(ALGO, key, box.iv);
  // ruleid: js-gcm-tag-length-unchecked
  const d2 = crypto.createDecipheriv('aes-128-gcm', key, box.iv, { encoding: 'utf8' });
  // ok: js-gcm-tag-length-unchecked
  const d3 = crypto.createDecipheriv(ALGO, key, box.iv, { authTagLength: 16 });
  // ok: js-gcm-tag-length-unchecked
  const d4 = crypto.createDecipheriv('aes-256-cbc', key, box.iv);
  for (const d of [d1, d2, d3]) {
    d.setAuthTag(box.tag);
  }
  return d4.update(box.data) + d4.final();
}

module.exports = { open };

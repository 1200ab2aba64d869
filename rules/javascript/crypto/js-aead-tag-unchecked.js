const crypto = require('node:crypto');
const { createDecipheriv } = require('crypto');

const ALGORITHM = 'aes-256-gcm';

function openToken(box, key) {
  // ruleid: js-aead-tag-unchecked
  const decipher = crypto.createDecipheriv(ALGORITHM, key, box.iv, { authTagLength: 16 });
  decipher.setAuthTag(box.tag);
  return decipher.update(box.data, undefined, 'utf8');
}

function openNote(box, key) {
  // ruleid: js-aead-tag-unchecked
  const d = createDecipheriv('chacha20-poly1305', key, box.iv, { authTagLength: 16 });
  d.setAuthTag(box.tag);
  return d.update(box.data);
}

function openChecked(box, key) {
  // ok: js-aead-tag-unchecked
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, box.iv, { authTagLength: 16 });
  decipher.setAuthTag(box.tag);
  return Buffer.concat([decipher.update(box.data), decipher.final()]);
}

function openStream(input, output, key, iv, tag) {
  // ok: js-aead-tag-unchecked
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAuthTag(tag);
  // a stream pipeline ends the decipher itself
  return input.pipe(decipher).pipe(output);
}

function openLater(box, key, done) {
  // ok: js-aead-tag-unchecked
  const decipher = crypto.createDecipheriv('aes-128-ccm', key, box.iv, { authTagLength: 16 });
  decipher.setAuthTag(box.tag);
  const head = decipher.update(box.data);
  setImmediate(() => done(Buffer.concat([head, decipher.final()])));
}

function openLegacy(box, key) {
  // ok: js-aead-tag-unchecked
  const decipher = crypto.createDecipheriv('aes-256-cbc', key, box.iv);
  return decipher.update(box.data);
}

module.exports = { openToken, openNote, openChecked, openStream, openLater, openLegacy };

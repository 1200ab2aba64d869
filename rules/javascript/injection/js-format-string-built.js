const util = require('util');

function audit(event) {
  const { user, ip } = event;
  // ruleid: js-format-string-built
  console.warn('Unauthorized access attempt by ' + user, ip);
  const line = `login failed for ${user}`;
  // ruleid: js-format-string-built
  return util.format(line, ip);
}

function fine(event) {
  const { user, ip } = event;
  // ok: js-format-string-built
  console.warn('Unauthorized access attempt by %s from %s', user, ip);
  // ok: js-format-string-built
  console.log('login failed for ' + user);
  const prefix = '[auth]';
  // ok: js-format-string-built
  console.log(prefix, user, ip);
}

module.exports = { audit, fine };

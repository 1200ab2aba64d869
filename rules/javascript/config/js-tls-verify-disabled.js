const https = require('https');

function get(url) {
  // ruleid: js-tls-verify-disabled
  return https.get(url, { rejectUnauthorized: false });
}

function getSafe(url, ca) {
  // ok: js-tls-verify-disabled
  return https.get(url, { rejectUnauthorized: true, ca });
}

// ruleid: js-tls-verify-disabled
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

module.exports = { get, getSafe };

const https = require('https');

const options = {
  host: 'api.example.com',
  // ruleid: js-weak-tls-version
  minVersion: 'TLSv1',
};
// ok: js-weak-tls-version
const modern = { host: 'api.example.com', minVersion: 'TLSv1.2' };
const legacy = {
  // ruleid: js-weak-tls-version
  secureProtocol: 'TLSv1_method',
};
https.request(options);
https.request(modern);
https.request(legacy);

const axios = require('axios');

async function call(host) {
  // ruleid: js-cleartext-http
  const a = await fetch('http://api.example.org/status');
  // ok: js-cleartext-http
  const b = await fetch('https://api.example.org/status');
  // ok: js-cleartext-http
  const c = await axios.get('http://localhost:3000/health');
  // ruleid: js-cleartext-http
  const d = await axios.get('http://' + host + '/x');
  return [a, b, c, d];
}

module.exports = { call };

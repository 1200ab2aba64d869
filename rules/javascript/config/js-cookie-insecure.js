const session = require('express-session');

function set(res, token) {
  // ruleid: js-cookie-insecure
  res.cookie('session', token);
  // ruleid: js-cookie-insecure
  res.cookie('pref', 'dark', { secure: false });
  // ok: js-cookie-insecure
  res.cookie('session', token, { secure: true, httpOnly: true, sameSite: 'lax' });
}

// ruleid: js-cookie-insecure
const s = session({ secret: process.env.S, cookie: { secure: false } });

module.exports = { set, s };
// ruleid: js-cookie-insecure
const plain = session({ secret: process.env.S, resave: false, saveUninitialized: false });
// ok: js-cookie-insecure
const strict = session({ secret: process.env.S, cookie: { secure: true, httpOnly: true } });

const express = require('express');
const session = require('express-session');
const jwt = require('jsonwebtoken');
const helmet = require('helmet');

const app = express();
app.use(helmet());
// ruleid: js-hardcoded-secret
app.use(session({ secret: 'keyboard cat', resave: false }));
// ok: js-hardcoded-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));

function issue(user) {
  // ruleid: js-hardcoded-secret
  return jwt.sign({ sub: user.id }, 'my-super-secret', { expiresIn: '1h' });
}

module.exports = { issue };

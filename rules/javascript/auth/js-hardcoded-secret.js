const express = require('express');
const fs = require('fs');
const crypto = require('crypto');
const session = require('express-session');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');
const { Strategy: JwtStrategy } = require('passport-jwt');
const helmet = require('helmet');

const app = express();
app.use(helmet());
// ruleid: js-hardcoded-secret
app.use(session({ secret: 'keyboard cat', resave: false }));
// ok: js-hardcoded-secret
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));
// ruleid: js-hardcoded-secret
app.use('/api', expressjwt({ secret: 'shared-secret', algorithms: ['HS256'] }));

const SIGNING_KEY = 'my-super-secret';

function issue(user) {
  // ruleid: js-hardcoded-secret
  return jwt.sign({ sub: user.id }, SIGNING_KEY, { expiresIn: '1h' });
}

function issueFromFile(user) {
  // ok: js-hardcoded-secret
  return jwt.sign({ sub: user.id }, fs.readFileSync('keys/private.pem'), { algorithm: 'RS256', expiresIn: '1h' });
}

function mac(data) {
  // ruleid: js-hardcoded-secret
  return crypto.createHmac('sha256', 'pa4qacea4VK9t9nGv7yZ').update(data).digest('hex');
}

function macFromEnv(data) {
  // ok: js-hardcoded-secret
  return crypto.createHmac('sha256', process.env.MAC_KEY).update(data).digest('hex');
}

// ruleid: js-hardcoded-secret
const strategy = new JwtStrategy({ secretOrKey: 'jwt-secret-in-code' }, (payload, done) => done(null, payload));
// ok: js-hardcoded-secret
const strategy2 = new JwtStrategy({ secretOrKey: process.env.JWT_KEY }, (payload, done) => done(null, payload));

module.exports = { issue, issueFromFile, mac, macFromEnv, strategy, strategy2 };

// a key from the environment, or else read from a file: neither is written in the code
let cachedKey;
function hmacKey() {
  if (process.env.HMAC_KEY) {
    cachedKey = process.env.HMAC_KEY;
  } else {
    cachedKey = fs.readFileSync('hmac.key', 'utf8');
  }
  return cachedKey;
}
// ok: js-hardcoded-secret
const fileMac = crypto.createHmac('sha256', hmacKey());

const express = require('express');
const bcrypt = require('bcrypt');
const logger = require('./logger');

const app = express();

app.post('/login', async (req, res) => {
  const user = await findUser(req.body.email);
  // ruleid: js-auth-failure-unlogged
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) {
    return res.status(401).send('invalid credentials');
  }
  res.send('welcome');
});

app.post('/signin', async (req, res) => {
  const user = await findUser(req.body.email);
  // ok: js-auth-failure-unlogged
  if (!user || !(await bcrypt.compare(req.body.password, user.hash))) {
    logger.warn({ email: req.body.email, ip: req.ip }, 'failed login');
    return res.status(401).send('invalid credentials');
  }
  res.send('welcome');
});

function passwordMatches(password, hash) {
  // ok: js-auth-failure-unlogged
  return bcrypt.compare(password, hash);
}

async function findUser(email) {
  return null;
}

module.exports = { app, passwordMatches };

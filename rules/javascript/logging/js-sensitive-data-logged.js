const winston = require('winston');

const logger = winston.createLogger({});

function login(req, user) {
  // ruleid: js-sensitive-data-logged
  console.log(`login ${req.body.email} / ${req.body.password}`);
  // ruleid: js-sensitive-data-logged
  logger.info('issued', { token: user.accessToken });
  // ruleid: js-sensitive-data-logged
  logger.debug('card ' + user.cardNumber);
  // ok: js-sensitive-data-logged
  logger.info('login attempt', { email: req.body.email });
  // ok: js-sensitive-data-logged
  console.log('hash scheme', user.passwordHashAlgorithm, user.tokenType);
}
module.exports = { login };

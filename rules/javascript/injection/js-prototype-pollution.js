const _ = require('lodash');

function update(req, settings) {
  // ruleid: js-prototype-pollution
  _.merge(settings, req.body);
  // ruleid: js-prototype-pollution
  _.set(settings, req.query.path, req.query.value);
  // ok: js-prototype-pollution
  _.merge(settings, { theme: 'dark' });
  return settings;
}

module.exports = { update };

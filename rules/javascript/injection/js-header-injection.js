function handler(req, res) {
  // ruleid: js-header-injection
  res.setHeader('X-User', req.query.user);
  // ok: js-header-injection
  res.setHeader('X-User', encodeURIComponent(req.query.user));
  // ok: js-header-injection
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

module.exports = { handler };

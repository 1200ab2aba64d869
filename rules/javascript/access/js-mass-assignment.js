const express = require('express');
const app = express();

app.post('/profile', async (req, res) => {
  const user = await loadUser(req.user.id);
  // ruleid: js-mass-assignment
  Object.assign(user, req.body);
  const changes = req.query;
  // ruleid: js-mass-assignment
  const settings = Object.assign({ theme: 'light' }, changes);
  // ok: js-mass-assignment
  const picked = Object.assign({ theme: 'light' }, { theme: req.query.theme });
  // ok: js-mass-assignment
  Object.assign(user, { name: String(req.body.name) });
  // ok: js-mass-assignment
  const merged = Object.assign({}, DEFAULTS, { theme: 'dark' });
  res.json({ user, settings, picked, merged });
});

const DEFAULTS = { theme: 'light' };
async function loadUser(id) {
  return { id };
}

const express = require('express');

const app = express();

app.get('/login', (req, res) => {
  // ruleid: js-open-redirect
  res.redirect(req.query.next);
});

app.get('/home', (req, res) => {
  // ok: js-open-redirect
  res.redirect('/dashboard');
});

export function go() {
  const target = new URLSearchParams(location.search).get('to');
  // ruleid: js-open-redirect
  location.href = target;
}

app.get('/after-login', (req, res) => {
  // ok: js-open-redirect
  res.redirect('/profile/' + req.query.tab);
  // ruleid: js-open-redirect
  res.redirect('/' + req.query.path);
});

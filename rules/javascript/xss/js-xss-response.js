const express = require('express');
const escapeHtml = require('escape-html');

const app = express();

app.get('/hello', (req, res) => {
  // ruleid: js-xss-response
  res.send('<h1>Hello ' + req.query.name + '</h1>');
});

app.get('/hello2', (req, res) => {
  // ok: js-xss-response
  res.send('<h1>Hello ' + escapeHtml(req.query.name) + '</h1>');
});

app.get('/api', (req, res) => {
  // ok: js-xss-response
  res.json({ name: req.query.name });
});

app.get('/page', (req, res) => {
  let html = '<ul>';
  for (const item of req.query.items) {
    // ruleid: js-xss-response
    html += `<li>${item}</li>`;
  }
  res.write(html);
  // ok: js-xss-response
  res.end('</ul>');
});

const serialize = require('serialize-javascript');

app.get('/state', (req, res) => {
  // ruleid: js-xss-response
  const state = serialize({ user: req.user }, { unsafe: true });
  // ok: js-xss-response
  const safe = serialize({ user: req.user });
  res.render('page', { state, safe });
});

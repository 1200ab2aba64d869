const axios = require('axios');
const express = require('express');

const app = express();
const ALLOWED_HOSTS = ['images.example.org'];

app.get('/preview', async (req, res) => {
  // ruleid: js-ssrf
  const r = await axios.get(req.query.url);
  // ruleid: js-ssrf
  const f = await fetch(req.query.url);
  // ok: js-ssrf
  const s = await axios.get('https://api.example.org/status');
  res.json({ r: r.data, f: f.status, s: s.data });
});

app.get('/checked', async (req, res) => {
  const u = new URL(req.query.url);
  if (!ALLOWED_HOSTS.includes(u.hostname)) {
    return res.sendStatus(400);
  }
  // ok: js-ssrf
  const r = await axios.get(u.toString());
  res.json(r.data);
});

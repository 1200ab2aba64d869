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

const API_BASE = 'https://api.example.com';

app.get('/user', async (req, res) => {
  // ok: js-ssrf
  const u = await axios.get('https://api.example.com/users/' + req.query.id);
  // ok: js-ssrf
  const v = await axios.get(`${API_BASE}/orders/${req.query.order}`);
  // ruleid: js-ssrf
  const w = await axios.get('https://' + req.query.host + '/status');
  // ruleid: js-ssrf
  const x = await axios.get(`https://${req.query.host}/status`);
  res.json({ u: u.data, v: v.data, w: w.data, x: x.data });
});

app.get('/tenant', async (req, res) => {
  // the host is left to the request: reported where the URL is built
  // ruleid: js-ssrf
  const base = `https://${req.query.tenant}.internal/api`;
  const r = await axios.get(`${base}/status`);
  // ok: js-ssrf
  const page = await axios.get(`https://docs.example.org/${req.query.tenant}`);
  res.json([r.data, page.data]);
});

// GraphQL resolvers: a field's arguments come from the client
const resolvers = {
  Query: {
    async preview(parent, args, context, info) {
      // ruleid: js-ssrf
      const page = await axios.get(args.url);
      return page.data;
    },
    async avatar(parent, args, context) {
      // ok: js-ssrf
      const user = await axios.get(`https://api.example.com/users/${encodeURIComponent(args.id)}`);
      return user.data.avatar;
    },
  },
};

module.exports.resolvers = resolvers;

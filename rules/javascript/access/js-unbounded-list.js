const express = require('express');
const { Order } = require('./models');

const app = express();

app.get('/orders', async (req, res) => {
  // ruleid: js-unbounded-list
  res.json(await Order.findAll());
});

app.get('/orders/page', async (req, res) => {
  const limit = Math.min(Number(req.query.limit) || 50, 100);
  // ok: js-unbounded-list
  res.json(await Order.findAll({ limit, offset: Number(req.query.offset) || 0 }));
});

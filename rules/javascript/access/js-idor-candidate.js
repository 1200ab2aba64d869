const express = require('express');
const { Order } = require('./models');

const app = express();

app.get('/orders/:id', async (req, res) => {
  // ruleid: js-idor-candidate
  const order = await Order.findById(req.params.id);
  res.json(order);
});

app.delete('/orders/:id', async (req, res) => {
  // ok: js-idor-candidate
  const order = await Order.findById(req.params.id);
  if (String(order.owner) !== String(req.user.id)) {
    return res.sendStatus(403);
  }
  await order.deleteOne();
  res.sendStatus(204);
});

app.get('/featured', async (req, res) => {
  // ok: js-idor-candidate
  res.json(await Order.findById(process.env.FEATURED_ORDER));
});

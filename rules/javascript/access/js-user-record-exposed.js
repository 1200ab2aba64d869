const express = require('express');
const { User, Product } = require('./models');

const app = express();

app.get('/me', async (req, res) => {
  const user = await User.findById(req.session.userId);
  // ruleid: js-user-record-exposed
  res.json(user);
});

app.get('/users/:id', async (req, res) => {
  const user = await User.findByPk(req.params.id);
  // ruleid: js-user-record-exposed
  res.send({ user });
});

app.get('/profile', async (req, res) => {
  const user = await User.findById(req.session.userId).select('name email');
  // ok: js-user-record-exposed
  res.json(user);
});

app.get('/products/:id', async (req, res) => {
  const product = await Product.findById(req.params.id);
  // ok: js-user-record-exposed
  res.json(product);
});

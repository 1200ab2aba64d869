// Annotated target of express-session-secret: fake, well-formed values (generated), never real credentials.

// ruleid: express-session-secret
app.use(session({ secret: 'kaxL2aTF2p7jojcAUpnl0Ldm', resave: false }));

// ruleid: express-session-secret
app.use(cookieParser('aVZmrrR5oUXhiBMU3o6t'));

// ok: express-session-secret
app.use(session({ secret: process.env.SESSION_SECRET }));

// ok: express-session-secret
app.use(session({ secret: config.sessionSecret }));

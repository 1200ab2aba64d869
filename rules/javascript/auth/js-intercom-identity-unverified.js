function startMessenger(user, appId) {
  // ruleid: js-intercom-identity-unverified
  window.intercomSettings = {
    app_id: appId,
    user_id: user.id,
    name: user.name,
  };
  // ok: js-intercom-identity-unverified
  window.intercomSettings = { app_id: appId, user_id: user.id, user_hash: user.intercomHash };
  // ok: js-intercom-identity-unverified
  window.intercomSettings = { app_id: appId };
}

function boot(user) {
  // ruleid: js-intercom-identity-unverified
  Intercom('boot', { app_id: 'abc123', email: user.email });
  // ok: js-intercom-identity-unverified
  Intercom('boot', { app_id: 'abc123', email: user.email, user_hash: user.hash });
  // ok: js-intercom-identity-unverified
  Intercom('boot', { app_id: 'abc123' });
}

module.exports = { startMessenger, boot };

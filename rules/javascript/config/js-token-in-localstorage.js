export async function login(api, form) {
  const { token } = await api.login(form);
  // ruleid: js-token-in-localstorage
  localStorage.setItem('access_token', token);
  // ruleid: js-token-in-localstorage
  window.sessionStorage.setItem('jwt', token);
  // ok: js-token-in-localstorage
  localStorage.setItem('theme', 'dark');
}

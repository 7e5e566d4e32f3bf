// Sign-in by token: pasted once into the form, kept in sessionStorage, checked against a
// harmless read. The form is a normal page section (id="login"), the app section (id="app")
// appears once the token is accepted.
import { api, ApiError, clearToken, setToken, token } from './api.js';
import { t } from './i18n.js';

// Resolves with the caller's probe answer once a working token is in place.
export function signIn({ probe = '/v1/meetings?limit=1' } = {}) {
  const login = document.getElementById('login');
  const app = document.getElementById('app');
  const form = document.getElementById('login-form');
  const input = document.getElementById('login-token');
  const error = document.getElementById('login-error');
  const logout = document.getElementById('logout');
  logout?.addEventListener('click', () => {
    clearToken();
    location.reload();
  });
  return new Promise((resolve) => {
    const show = (signedIn) => {
      login.hidden = signedIn;
      app.hidden = !signedIn;
      if (logout) logout.hidden = !signedIn;
    };
    const attempt = async () => {
      try {
        const answer = await api(probe);
        show(true);
        resolve(answer);
        return true;
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          clearToken();
          error.textContent = t('login.bad');
        } else {
          error.textContent = t('error.generic', { detail: e.message });
        }
        show(false);
        input.focus();
        return false;
      }
    };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!input.value.trim()) return;
      setToken(input.value);
      input.value = '';
      await attempt();
    });
    if (token()) attempt();
    else {
      show(false);
      input.focus();
    }
  });
}

/** The app's one API client. main.ts binds it to the auth store (token, what to do on 401). */
import { createApiClient } from './client.js';
import { vigilApi } from './endpoints.js';

let getToken: () => string | null = () => null;
let onUnauthorized: () => void = () => {};

export function bindAuth(token: () => string | null, unauthorized: () => void): void {
  getToken = token;
  onUnauthorized = unauthorized;
}

export const api = vigilApi(
  createApiClient({ getToken: () => getToken(), onUnauthorized: () => onUnauthorized() }),
);

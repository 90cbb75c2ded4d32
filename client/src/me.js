// The logged-in user and what they may do. Rights come from the server's one permission table
// (`GET /api/auth/me` and the login answer list them); screens ask can() and never derive rights from a role.
let current = null;

export function setMe(data) {
  current = data && data.user ? data : null;
  return current;
}

export function me() {
  return current;
}

export function can(permission) {
  return !!current?.permissions?.includes(permission);
}

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

// In one session the user may act with other rights than at home: someone invited to another council's meeting
// (or an official invited to one) is an invitee there (the live snapshot's me.permissions). While such a screen is
// up, can() answers by them, so it neither shows nor calls what the session refuses them (notes, receipts, polls).
let here = null;

export function actingIn(permissions) {
  here = permissions || null;
}

export function can(permission) {
  return !!(here || current?.permissions)?.includes(permission);
}

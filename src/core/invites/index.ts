export { buildInvite, type InviteInput, type Person } from './build.js';
export { buildVtimezone } from './vtimezone.js';
export { icsAddress, icsEscapedText, icsParameter, icsText } from './text.js';

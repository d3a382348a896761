export { HTTPError } from './HTTPError.js';
export { TimeoutError } from './TimeoutError.js';
export { NetworkError } from './NetworkError.js';

// Not built yet: the page frame only.
import { start } from '../console.js';

start(async () => {});

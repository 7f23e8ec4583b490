/**
 * The ops console's server side: the built bundle and its sign-in served as an Express router at /ops.
 * The browser code under src/ is bundled by Vite (vite.config.ts), not imported by other services.
 */
export { builtOpsConsole, localOpsConsole, opsConsoleRouter, type ConsoleSessions } from './serve.ts';
export { OPS_CONSOLE_BUILD } from './build.ts';

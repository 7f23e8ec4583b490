#!/usr/bin/env node
// The `oms` executable. Sources are TypeScript run through tsx, so there is no build step between a
// change and running it; container images do the same.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');

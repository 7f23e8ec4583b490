import type { EnvironmentName, InfraConfigInput } from '../schema.ts';
import { dev } from './dev.ts';
import { prod } from './prod.ts';

/** Every deployable environment, by the name `--env` / `OMS_ENV` selects it with. */
export const environments: Readonly<Record<EnvironmentName, InfraConfigInput>> = { dev, prod };

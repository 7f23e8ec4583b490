import type { PolicyRule } from '../types.ts';

/** Attribute names that hold credentials in the azurerm and docker providers. */
const SECRET_ATTRIBUTE = /\.(\w*connection_string\w*|\w*_key|\w*password\w*|\w*secret\w*|sas\w*)\}/i;
const SECRET_NAME = /(connection_string|password|secret|token|_key$|^key$|(^|_)sas(_|$))/i;

export const sensitiveOutputs: PolicyRule = {
  id: 'OMS-SEC-001',
  title: 'Outputs that carry credentials are marked sensitive',
  check(stack) {
    return stack
      .outputs()
      .filter(
        ([name, body]) => SECRET_NAME.test(name) || SECRET_ATTRIBUTE.test(JSON.stringify(body.value ?? '')),
      )
      .filter(([, body]) => body.sensitive !== true)
      .map(([name]) => ({
        address: `output.${name}`,
        path: `${stack.name}/output/${name}`,
        message: 'must be sensitive',
      }));
  },
};

export const sensitiveVariables: PolicyRule = {
  id: 'OMS-SEC-002',
  title: 'Variables that carry credentials are marked sensitive',
  check(stack) {
    return stack
      .variables()
      .filter(([name, body]) => SECRET_NAME.test(name) && body.sensitive !== true)
      .map(([name]) => ({
        address: `var.${name}`,
        path: `${stack.name}/variable/${name}`,
        message: 'must be sensitive',
      }));
  },
};

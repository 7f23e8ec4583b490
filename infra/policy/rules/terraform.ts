import type { PolicyRule } from '../types.ts';

export const pinnedProviders: PolicyRule = {
  id: 'OMS-TF-001',
  title: 'Providers use namespaced sources and exact versions (reproducible with Terraform and OpenTofu)',
  check(stack) {
    return stack.requiredProviders().flatMap(([name, { source, version }]) => {
      const where = {
        address: `terraform.required_providers.${name}`,
        path: `${stack.name}/terraform/${name}`,
      };
      const findings = [];
      if (typeof source !== 'string' || !/^[\w-]+\/[\w-]+$/.test(source)) {
        findings.push({ ...where, message: `source ${JSON.stringify(source)} must be "<namespace>/<type>"` });
      }
      if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
        findings.push({
          ...where,
          message: `version ${JSON.stringify(version)} must be an exact x.y.z version`,
        });
      }
      return findings;
    });
  },
};

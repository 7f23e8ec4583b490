/**
 * The CDKTF app: `cdktf.json` runs it for `cdktf synth|diff|deploy`, and `npm run synth` runs it directly
 * (faster, fully offline). It validates the configuration, synthesizes both stacks into
 * cdktf.out/stacks/<stack>/cdk.tf.json and fails on any policy violation.
 *
 *   npm run synth                      # dev
 *   npm run synth -- --env prod        # or OMS_ENV=prod npm run synth
 */
import { runSynthCommand } from './synth-command.ts';

process.exitCode = runSynthCommand(process.argv.slice(2), process.env);

import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { AzureChatOpenAI, ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { ConfigError } from '../../services/shared/config.ts';
import type { Dialect } from '../../services/shared/db/connection.ts';
import { OfflineChatModel } from '../offline/offline-chat-model.ts';

/**
 * The chat model behind the agent, chosen by AGENT_PROVIDER (design §8): `offline` (default, no
 * network), `openai`, `azure-openai` or `ollama` (on-prem: no data leaves the site). Each provider's own
 * settings are read here from the environment and validated; a missing or bad one stops start-up with a
 * message naming the variable. Temperature 0 everywhere: the same question should get the same query.
 */
export type AgentProvider = 'offline' | 'openai' | 'azure-openai' | 'ollama';

const optionalUrl = z.url().optional();

const required = (provider: string) =>
  z.string({ error: `is required when AGENT_PROVIDER=${provider}` }).min(1);

const openAiEnv = z.object({
  OPENAI_API_KEY: required('openai'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** An OpenAI-compatible endpoint (a proxy, a gateway, vLLM …). */
  OPENAI_BASE_URL: optionalUrl,
});

const azureEnv = z.object({
  AZURE_OPENAI_API_KEY: required('azure-openai'),
  AZURE_OPENAI_ENDPOINT: optionalUrl,
  AZURE_OPENAI_API_INSTANCE_NAME: z.string().min(1).optional(),
  AZURE_OPENAI_API_DEPLOYMENT_NAME: required('azure-openai'),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
});

/** Azure needs to know where the resource is: a full endpoint or the resource (instance) name. */
function azureLocation(env: Record<string, unknown>): Problem[] {
  return env.AZURE_OPENAI_ENDPOINT || env.AZURE_OPENAI_API_INSTANCE_NAME
    ? []
    : [
        {
          variable: 'AZURE_OPENAI_ENDPOINT',
          message:
            'set AZURE_OPENAI_ENDPOINT (https://<resource>.openai.azure.com) or AZURE_OPENAI_API_INSTANCE_NAME',
        },
      ];
}

const ollamaEnv = z.object({
  OLLAMA_BASE_URL: z.url().default('http://127.0.0.1:11434'),
  OLLAMA_MODEL: z.string().min(1).default('llama3.1'),
});

export interface ChatModelOptions {
  dialect: Dialect;
  /** Seconds an LLM call may take before it is abandoned. */
  timeoutMs?: number;
}

/**
 * Builds the provider's chat model.
 * @throws {ConfigError} naming each missing or bad environment variable.
 */
export function createChatModel(
  provider: AgentProvider,
  env: NodeJS.ProcessEnv,
  options: ChatModelOptions,
): BaseChatModel {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const timeout = options.timeoutMs ?? 60_000;
  switch (provider) {
    case 'offline':
      return new OfflineChatModel({ dialect: options.dialect });
    case 'openai': {
      const e = parse(openAiEnv, present);
      return new ChatOpenAI({
        model: e.OPENAI_MODEL,
        apiKey: e.OPENAI_API_KEY,
        temperature: 0,
        timeout,
        maxRetries: 1,
        ...(e.OPENAI_BASE_URL ? { configuration: { baseURL: e.OPENAI_BASE_URL } } : {}),
      });
    }
    case 'azure-openai': {
      const e = parse(azureEnv, present, azureLocation);
      return new AzureChatOpenAI({
        azureOpenAIApiKey: e.AZURE_OPENAI_API_KEY,
        azureOpenAIApiDeploymentName: e.AZURE_OPENAI_API_DEPLOYMENT_NAME,
        azureOpenAIApiVersion: e.AZURE_OPENAI_API_VERSION,
        ...(e.AZURE_OPENAI_ENDPOINT
          ? { azureOpenAIEndpoint: e.AZURE_OPENAI_ENDPOINT.replace(/\/+$/, '') }
          : { azureOpenAIApiInstanceName: e.AZURE_OPENAI_API_INSTANCE_NAME }),
        temperature: 0,
        timeout,
        maxRetries: 1,
      });
    }
    case 'ollama': {
      const e = parse(ollamaEnv, present);
      return new ChatOllama({ baseUrl: e.OLLAMA_BASE_URL, model: e.OLLAMA_MODEL, temperature: 0 });
    }
  }
}

interface Problem {
  variable: string;
  message: string;
}

function parse<T extends z.ZodType>(
  schema: T,
  env: Record<string, unknown>,
  check: (env: Record<string, unknown>) => Problem[] = () => [],
): z.output<T> {
  const result = schema.safeParse(env);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((i) => ({
          variable: String(i.path[0] ?? '(environment)'),
          message: i.message,
        }))),
    ...check(env),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

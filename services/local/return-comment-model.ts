import type { Config } from '../shared/config.ts';
import type { Logger } from '../shared/logger.ts';
import type { ReturnCommentModel } from '../oms-consumer/index.ts';

/**
 * Return comments by the agent's model (issue 12): when AGENT_PROVIDER names an LLM provider, the
 * consumer gets a provider-neutral chat function built from the agent's own provider settings
 * (agent/providers/chat-model.ts: the same variables, the same validation). The consumer cannot build
 * it itself (it may not import the agent), so the composition roots (`oms consumer`, `npm start`)
 * adapt and inject it. `offline` (the default) injects nothing: comments are read offline.
 */
export async function returnCommentModel(
  config: Config,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<ReturnCommentModel | undefined> {
  const provider = config.agent.provider;
  if (provider === 'offline') return undefined;
  // Loaded only here, so a consumer without an LLM never loads LangChain.
  const { createChatModel } = await import('../../agent/index.ts');
  const timeoutMs = config.sentiment.llmTimeoutMs;
  const model = createChatModel(provider, env, { dialect: 'mysql', timeoutMs });
  return {
    timeoutMs,
    async chat(messages, signal) {
      const answer = await model.invoke(
        messages.map((m) => [m.role === 'system' ? 'system' : 'human', m.content] as [string, string]),
        { signal },
      );
      const { content } = answer;
      return typeof content === 'string'
        ? content
        : content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
    },
    onFallback(reason) {
      logger.warn({ provider, reason }, 'return comments: the LLM did not answer; classified offline');
    },
  };
}

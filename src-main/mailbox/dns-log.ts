/**
 * DNS in the protocol inspector: a Querier that asks the shared resolver and writes what
 * happened into one account's protocol log — the question, then each server's answer
 * (the resolver's own trace steps), or that the answer came from the cache.
 */
import type { Querier } from '../dns/resolver';
import { formatTraceStep, type TraceStep } from '../dns/trace';
import { typeToText } from '../dns/types';
import type { TranscriptSink } from '../net/types';

export function loggedQuerier(inner: Querier, sink: TranscriptSink, now: () => number = Date.now): Querier {
  return {
    async query(name, type, opts = {}) {
      const trace: TraceStep[] = opts.trace ?? [];
      const from = trace.length;
      sink({ direction: 'client', text: `${name} ${typeToText(type)}?`, time: now() });
      try {
        const result = await inner.query(name, type, { trace });
        if (result.fromCache)
          sink({ direction: 'info', text: `${name} ${typeToText(type)}: from the cache`, time: now() });
        return result;
      } finally {
        for (const step of trace.slice(from))
          sink({ direction: 'server', text: formatTraceStep(step), time: now() });
      }
    },
  };
}

/**
 * One step of a resolution: which server was asked what, what kind of answer came back,
 * and how long it took. Both the stub and the iterative resolver record them.
 */
import { formatEndpoint, type Endpoint } from './endpoint';
import { typeToText } from './types';

export type TraceKind = 'referral' | 'answer' | 'cname' | 'nodata' | 'nxdomain' | 'error';

export interface TraceStep {
  /** IP:PORT of the server asked. */
  server: string;
  name: string;
  type: string;
  kind: TraceKind;
  /** 'referral to test (ns1.test)', 'MX 10 mx1.example.test', 'CNAME to c2.example.test', an error. */
  detail: string;
  /** Wall time of the exchange in milliseconds (whole, for display). */
  ms: number;
  /** 'udp', or 'tcp' after a truncated UDP answer. */
  via?: 'udp' | 'tcp';
}

export function traceStep(
  server: Endpoint,
  name: string,
  type: number,
  kind: TraceKind,
  detail: string,
  ms: number,
  via?: 'udp' | 'tcp',
): TraceStep {
  return {
    server: formatEndpoint(server),
    name: name === '' ? '.' : name,
    type: typeToText(type),
    kind,
    detail,
    ms: Math.round(ms),
    ...(via === undefined ? {} : { via }),
  };
}

/** One line per step for people: `127.0.53.1:53  example.test MX  referral to test (ns.test)  2 ms`. */
export function formatTraceStep(s: TraceStep): string {
  const via = s.via === 'tcp' ? ' (tcp)' : '';
  return `${s.server}  ${s.name} ${s.type}  ${s.detail}  ${s.ms} ms${via}`;
}

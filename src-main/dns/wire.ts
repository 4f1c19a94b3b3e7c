/** The codec functions the transport and resolvers use, imported in one place. */
export { buildQuery, decodeMessage, namesEqual } from './codec';

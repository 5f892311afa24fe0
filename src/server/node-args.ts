/**
 * How to start a Node process that loads the Payload config (and so Lexical).
 *
 * Lexical's `node` builds wrap their code in a top-level `await import(dev or prod build)`. On
 * Node 20 a graph of such modules sometimes never settles, and the process exits with code 13
 * ("unsettled top-level await") before anything runs — about one start in three here. The
 * `production` export condition resolves Lexical's prod builds directly, without the wrapper.
 * Every script in package.json that loads the config passes it too.
 *
 * The server also caps V8's old generation at 384 MB. Without a cap V8 sizes the heap from the
 * machine's memory and collects lazily, so a server's RSS grows far beyond its live heap; with the cap
 * it stays within the memory goal at no measurable cost to latency (docs/performance.md).
 * `npm start` and the Dockerfile pass the same flag; to give a server more, start it with another
 * --max-old-space-size (the command line wins over NODE_OPTIONS).
 */
export const SERVER_HEAP_FLAG = '--max-old-space-size=384'
export const SERVER_NODE_ARGS = ['--conditions=production', SERVER_HEAP_FLAG, '--import', 'tsx']

/**
 * How to start a Node process that loads the Payload config (and so Lexical).
 *
 * Lexical's `node` builds wrap their code in a top-level `await import(dev or prod build)`. On
 * Node 20 a graph of such modules sometimes never settles, and the process exits with code 13
 * ("unsettled top-level await") before anything runs — about one start in three here. The
 * `production` export condition resolves Lexical's prod builds directly, without the wrapper.
 * Every script in package.json that loads the config passes it too.
 */
export const SERVER_NODE_ARGS = ['--conditions=production', '--import', 'tsx']

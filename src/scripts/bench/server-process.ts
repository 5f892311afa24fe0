/**
 * The real server as a child process (`node --import tsx src/server.ts`) on a free port, for the
 * benchmark and the soak test: started, waited for (/readyz), sampled (RSS from /proc), killed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { SERVER_NODE_ARGS } from '@/server/node-args'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface ServerChild {
  url: string
  port: number
  pid: number
  child: ChildProcess
  exited: Promise<number | null>
  output: () => string
  /** Graceful stop (SIGTERM), or SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>
  kill: () => Promise<void>
}

export async function startServerChild(env: Record<string, string>, { port, readyTimeoutMs = 180_000 }: { port?: number; readyTimeoutMs?: number } = {}): Promise<ServerChild> {
  const p = port ?? (await freePort())
  // SERVER_NODE_EXTRA_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const extra = (process.env.SERVER_NODE_EXTRA_ARGS ?? '').split(/\s+/).filter(Boolean)
  const child = spawn(process.execPath, [...extra, ...SERVER_NODE_ARGS, 'src/server.ts'], {
    env: { ...process.env, PORT: String(p), SERVER_URL: `http://localhost:${p}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${p}`
  const deadline = Date.now() + readyTimeoutMs
  let gone = false
  void exited.then(() => (gone = true))
  for (;;) {
    if (gone) throw new Error(`server exited before it was ready:\n${out}`)
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server not ready after ${readyTimeoutMs} ms:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  const stop = async (graceMs = 20_000) => {
    if (gone) return
    child.kill('SIGTERM')
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(t)
  }
  /** A crash: SIGKILL to the server and, with WEB_CONCURRENCY > 1, to every worker at the same moment. */
  const kill = async () => {
    if (gone) return
    for (const pid of processTree(child.pid!).reverse()) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    await exited
  }
  return { url, port: p, pid: child.pid!, child, exited, output: () => out, stop, kill }
}

function readKb(file: string, field: string): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(file, 'utf8'))
    return m ? Number(m[1]) : NaN
  } catch {
    return NaN
  }
}

/** Resident memory of a process in MB (Linux /proc), or NaN elsewhere. */
export function rssMb(pid: number): number {
  return readKb(`/proc/${pid}/status`, 'VmRSS') / 1024
}

/** Every process's children, from one scan of /proc (Linux). */
export function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  return children
}

/** `pid` and its descendants (the cluster primary and its workers). */
export function processTree(pid: number): number[] {
  const children = childrenByParent()
  const out = [pid]
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []))
  return out
}

export interface MemoryPeak {
  /** Peak of the summed RSS of the server's processes (shared pages counted once per process). */
  rss: number
  /** Peak of the summed PSS (shared pages split between the processes sharing them): the real total. */
  pss: number
  /** Peak RSS of the largest single process. */
  largest: number
  processes: number
}

/** Samples the server's process tree every `everyMs` until stopped; peaks in MB. */
export function sampleRss(pid: number, everyMs = 250) {
  const peak: MemoryPeak = { rss: 0, pss: 0, largest: 0, processes: 0 }
  const sample = () => {
    let rss = 0
    let pss = 0
    const tree = processTree(pid)
    for (const p of tree) {
      const r = rssMb(p)
      if (Number.isNaN(r)) continue
      rss += r
      pss += readKb(`/proc/${p}/smaps_rollup`, 'Pss') / 1024 || r
      peak.largest = Math.max(peak.largest, r)
    }
    peak.rss = Math.max(peak.rss, rss)
    peak.pss = Math.max(peak.pss, pss)
    peak.processes = Math.max(peak.processes, tree.length)
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return { stop: () => (clearInterval(timer), peak), peak: () => peak }
}

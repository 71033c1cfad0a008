// The CPUs this process may run on (Linux: Cpus_allowed_list in /proc/self/status, e.g. "0-1,4"),
// for pinning a child to each with taskset: a container's CPUs need not start at 0. Elsewhere,
// 0 … count − 1.
import { readFileSync } from "node:fs";

export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(",")) {
    const [from, to] = part.split("-").map(Number);
    if (!Number.isInteger(from) || (to !== undefined && !Number.isInteger(to))) throw new Error(`not a CPU list: "${list}"`);
    for (let cpu = from; cpu <= (to ?? from); cpu++) cpus.push(cpu);
  }
  return cpus;
}

export function allowedCpus(count: number): number[] {
  try {
    const line = readFileSync("/proc/self/status", "utf8").match(/^Cpus_allowed_list:\s*(.+)$/m);
    if (line) return parseCpuList(line[1]).slice(0, count);
  } catch {
    // Not Linux: no /proc.
  }
  return Array.from({ length: count }, (_, k) => k);
}

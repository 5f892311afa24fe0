/** Backup file names: `pumotix-backup-<UTC time>.tar.gz`, so they sort by time and say when they were taken. */
const PATTERN = /^pumotix-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.gz$/

export function backupFileName(at: Date): string {
  return `pumotix-backup-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.tar.gz`
}

/** The time in a backup's file name; null for any other name (such files are never touched by retention). */
export function backupTimeOf(name: string): Date | null {
  const m = PATTERN.exec(name)
  if (!m) return null
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])))
  return Number.isNaN(at.getTime()) || backupFileName(at) !== name ? null : at
}

/** The escrow copy written beside an archive: `<name without .tar.gz>.escrow.json`. */
export const escrowFileFor = (archive: string) => `${archive.replace(/\.tar\.gz$/, '')}.escrow.json`

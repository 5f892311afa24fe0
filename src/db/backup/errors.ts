/** A backup, verification or restore that cannot go on; the message says what is wrong and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

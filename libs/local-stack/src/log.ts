/** Progress lines of the local stack, one per step, on stderr so stdout stays clean. */
export type StackLog = (line: string) => void;

export const stderrLog: StackLog = (line) => process.stderr.write(`[stack] ${line}\n`);

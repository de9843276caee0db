/** Signal names as Lambda's runtime reports an exit ("Runtime exited with error: signal: killed"). */
const SIGNAL_TEXT: Record<string, string> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' };

/** "exit status 1", "signal: killed": how Lambda describes a runtime's exit. */
export function exitDescription(code: number | null, signal: string | null): string {
  return signal ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${code ?? 0}`;
}

/** The logging each background part uses (a pino child logger in production, a stub in tests). */
export interface PartLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

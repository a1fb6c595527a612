/**
 * Runs a script's main function when the file is executed directly: exits with the number it
 * returns, or prints one line and exits 1 when it throws.
 */
export function runMain(main: () => Promise<number | void>, what: string): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (error: unknown) => {
      process.stderr.write(`${what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

import { runCli } from './main';

const io = {
  out: (text: string) => process.stdout.write(text),
  outBytes: (data: Uint8Array) => process.stdout.write(data),
  err: (text: string) => process.stderr.write(text),
  env: process.env,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mailwright: internal: ${String(e)}\n`);
    process.exitCode = 1;
  },
);

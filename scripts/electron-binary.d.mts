export function electronPackageDir(fromUrl?: string): string | undefined;
export function findElectronBinary(
  dir?: string | undefined,
  env?: Readonly<Record<string, string | undefined>>,
): string | undefined;

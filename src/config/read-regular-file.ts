/**
 * Reads the configuration file only when it is a regular file of bounded size: a FIFO, a device
 * such as /dev/zero or a directory given as --config is refused at once instead of blocking
 * startup or filling the memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a file was refused, in words that follow "<path> is ...": "a FIFO; expected a regular file". */
export class RefusedFileError extends Error {
  override readonly name = 'RefusedFileError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The file's text, decoded as UTF-8.
 * @throws RefusedFileError when the file is not a regular file or is larger than `maxBytes`;
 *   the errors of open and read (ENOENT, EACCES, ...) as they are.
 */
export function readRegularFile(path: string, maxBytes: number): string {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new RefusedFileError(`${kindOf(stats)}; expected a regular file`);
    if (stats.size > maxBytes) throw new RefusedFileError(`${stats.size} bytes; expected at most ${maxBytes}`);
    // Read one byte more than allowed: a file that grew since fstat (or that reports size 0) is still caught.
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > maxBytes) throw new RefusedFileError(`more than ${maxBytes} bytes; expected at most ${maxBytes}`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

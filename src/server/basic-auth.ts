/**
 * HTTP basic authentication against bcrypt hashes (exporter-toolkit's basic_auth_users).
 * An unknown user is compared against a dummy hash of the same cost, so the answer takes as long
 * as for a wrong password and does not reveal which users exist. Successful checks are cached
 * (keyed by a SHA-256 of user, hash and password, as exporter-toolkit does) so that every scrape
 * does not pay a bcrypt comparison.
 */
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** Successful (user, hash, password) checks remembered; the oldest are forgotten beyond this. */
const SUCCESS_CACHE_SIZE = 100;

export class BasicAuth {
  private readonly successes = new Set<string>();

  private constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly dummyHash: string,
  ) {}

  /** Builds the dummy hash (one bcrypt run at the users' highest cost). */
  static async create(users: ReadonlyMap<string, string>, cost: number): Promise<BasicAuth> {
    const dummyHash = await bcrypt.hash(randomBytes(16).toString('hex'), cost);
    return new BasicAuth(users, dummyHash);
  }

  /** Whether an Authorization header carries a known user with the right password. */
  async check(authorization: string | undefined): Promise<boolean> {
    const credentials = parseBasic(authorization);
    const hash = credentials === undefined ? undefined : this.users.get(credentials.user);
    if (credentials === undefined || hash === undefined) {
      // The same work as a wrong password: whether a user exists must not show in the response time.
      await bcrypt.compare(credentials?.password ?? '', this.dummyHash);
      return false;
    }
    const key = createHash('sha256').update(`${credentials.user}\0${hash}\0${credentials.password}`).digest('hex');
    if (this.successes.has(key)) return true;
    if (!(await bcrypt.compare(credentials.password, hash))) return false;
    if (this.successes.size >= SUCCESS_CACHE_SIZE) this.successes.delete(this.successes.values().next().value as string);
    this.successes.add(key);
    return true;
  }
}

/** user and password of "Basic base64(user:password)"; undefined for anything else. */
export function parseBasic(authorization: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(authorization ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

import { TokenSet } from "../provider/model.ts";
import { seal, unseal } from "../store/seal.ts";

/** Storage with just the calls the vault needs (a DurableObjectStorage satisfies it). */
export interface VaultStorage {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * The encrypted token vault for one tenant: token sets are sealed with AES-256-GCM (fresh IV
 * per write, AAD = tenant + key name, so a record cannot be replayed under another tenant).
 */
export class Vault {
  private readonly storage: VaultStorage;
  private readonly keys: string;
  private readonly tenant: string;

  constructor(storage: VaultStorage, keys: string, tenant: string) {
    this.storage = storage;
    this.keys = keys;
    this.tenant = tenant;
  }

  /** Seals and stores a token set under `key`. */
  async put(key: string, tokens: TokenSet): Promise<void> {
    await this.storage.put(key, await seal(this.keys, `${this.tenant}|${key}`, tokens));
  }

  /** Loads a token set; a record sealed under an old key is re-sealed under the current one. */
  async get(key: string): Promise<TokenSet | null> {
    const raw = await this.storage.get(key);
    if (raw === undefined) return null;
    const { value, stale } = await unseal(this.keys, `${this.tenant}|${key}`, raw);
    const tokens = TokenSet.parse(value);
    if (stale) await this.put(key, tokens);
    return tokens;
  }

  /** Deletes a token set. */
  async delete(key: string): Promise<void> {
    await this.storage.delete(key);
  }
}

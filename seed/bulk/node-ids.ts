import { RingscopeError } from '../../server/errors.ts';
import { formatBytes } from '../../server/neo4j-local/disk.ts';
import { FingerprintMap } from './fingerprint-map.ts';

/** Node ids fit the map's 32-bit values; Neo4j reserves 0xFFFFFFFF (its null id). */
const MAX_NODES = 2 ** 32 - 1;

/**
 * What the maps of one bulk load may take together. The loader measured 254 MB at its peak on
 * 1M orders (1.6M distinct ids), 66–85 MB of it these maps; with this much for the maps it
 * stays under 400 MB.
 * A load whose maps would need more (above about 2M orders, where the tracking numbers' table
 * doubles past it) is refused with BULK_MEMORY, and `ringscope load` loads it online instead,
 * in bounded memory whatever the size.
 */
export const ID_MAP_BYTES = 192 * 1024 ** 2;

/**
 * The node ids of a bulk import (`neo4j-admin database import --id-type=actual`): one counter
 * over every label, so ids are dense whatever the mix of labels, and the id of every node that
 * other rows refer to, by label and input id. With the ids resolved here, the importer skips
 * building and searching its own map of string ids: on 1M orders its relationship stage took
 * 3.9 s instead of 21.3 s.
 */
export class NodeIds<Label extends string> {
  private next = 0;
  private readonly maps = new Map<Label, FingerprintMap>();
  /** Whether the last `add` created the node (its row must be written). */
  created = false;
  private usedBytes = 0;
  private readonly memory = {
    reserve: (bytes: number) => {
      if (this.usedBytes + bytes > this.maxBytes) {
        const keys = [...this.maps.values()].reduce((sum, map) => sum + map.size, 0);
        throw new RingscopeError(
          'BULK_MEMORY',
          `The bulk import's id maps would pass ${formatBytes(this.maxBytes)} (${keys} distinct ids so far).`,
        );
      }
      this.usedBytes += bytes;
    },
    release: (bytes: number) => {
      this.usedBytes -= bytes;
    },
  };

  constructor(private readonly maxBytes = ID_MAP_BYTES) {}

  /** Bytes the maps take now. */
  get bytes(): number {
    return this.usedBytes;
  }

  /** A new node that no other row refers to by id. */
  fresh(): number {
    this.checkRoom();
    const id = this.next;
    this.next += 1;
    return id;
  }

  /** The node of `label` with input id `key`, created on first use (see `created`). */
  add(label: Label, key: string): number {
    this.checkRoom();
    const id = this.mapOf(label).getOrAdd(key, this.next);
    this.created = id === this.next;
    if (this.created) this.next += 1;
    return id;
  }

  /** The node of `label` with input id `key`, if `add` created it. */
  find(label: Label, key: string): number | undefined {
    return this.maps.get(label)?.get(key);
  }

  private checkRoom(): void {
    if (this.next < MAX_NODES) return;
    throw new RingscopeError(
      'BULK_TOO_LARGE',
      `A bulk import holds at most ${MAX_NODES} nodes; load bigger files with \`ringscope load --online\`.`,
    );
  }

  private mapOf(label: Label): FingerprintMap {
    let map = this.maps.get(label);
    if (!map) {
      map = new FingerprintMap(undefined, this.memory);
      this.maps.set(label, map);
    }
    return map;
  }
}

/** Jinja scopes as Go sees them: the variables `set` declares, and the loop a scope is in. */
import type { Ty } from './values.js';

export interface VarInfo {
  go: string;
  ty: Ty;
  defFlag?: string;
  /** Assigned none somewhere (Go holds it as ""). */
  maybeNone?: boolean;
}

export interface LoopInfo {
  index: string;
  iter: string;
  /** The Go variable holding the previous item, once `loop.previtem` (or X[loop.index0 - 1]) is used. */
  prev?: string;
  loopVar?: string;
}

export class Scope {
  readonly vars = new Map<string, VarInfo>();
  constructor(
    readonly parent?: Scope,
    readonly loop?: LoopInfo,
  ) {}
  lookup(name: string): VarInfo | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  nearestLoop(): LoopInfo | undefined {
    return this.loop ?? this.parent?.nearestLoop();
  }
}

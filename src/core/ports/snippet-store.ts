/** The owner's saved replies (snippets), by name. The adapter keeps them as plain files in the config folder. */
export interface SnippetStore {
  /** Every snippet's name, its languages' variants too ("shipping", "shipping.fi"), sorted. */
  names(): Promise<string[]>;
  /** Rejects with NotFoundError for a name that is not there. */
  read(name: string): Promise<string>;
}

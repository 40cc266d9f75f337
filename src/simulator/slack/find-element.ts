type Json = Record<string, unknown>;

/**
 * The interactive element with `actionId` in a blocks array (actions elements, section accessory,
 * input element), with its block's `block_id` when it has one. The driver uses it to click buttons
 * the bot actually rendered.
 */
export function findElement(
  blocks: readonly unknown[] | undefined,
  actionId: string,
): { blockId?: string; element: Json } | undefined {
  for (const block of blocks ?? []) {
    if (!isObject(block)) continue;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      ...(block.accessory === undefined ? [] : [block.accessory]),
      ...(block.element === undefined ? [] : [block.element]),
    ];
    const element = candidates.find((e): e is Json => isObject(e) && e.action_id === actionId);
    if (element !== undefined) {
      return typeof block.block_id === 'string' ? { blockId: block.block_id, element } : { element };
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { FieldDescriptor } from '../schema/descriptor';
import type { MessageType, Schema } from '../schema/schema';
import type { BodyItem, FieldNode, ListItem, ValueNode } from '../syntax/cst';
import type { ParseResult } from '../syntax/parser';
import { tokEnd, tokStart } from '../syntax/tokens';

/** A field on the way from the root to an offset, with what the schema says about it. */
export interface PathStep {
  node: FieldNode;
  /** The field's descriptor, when the name is known in `parent`. */
  field: FieldDescriptor | undefined;
  /** The message type the field belongs to. */
  parent: MessageType | undefined;
}

export interface Location {
  /** Enclosing fields, outermost first; the last is the field at the offset, if any. */
  path: PathStep[];
  /** The message type of the innermost body containing the offset (undefined inside unknown fields). */
  container: MessageType | undefined;
  /** What the offset touches in the last step: its name, its value, or nothing (between fields). */
  part: 'name' | 'value' | 'body';
}

/** Offset just past a value node. */
export function valueEnd(parsed: ParseResult, value: ValueNode | ListItem, field?: FieldNode): number {
  const { tokens } = parsed;
  switch (value.type) {
    case 'message':
    case 'list':
      return value.close !== -1 ? tokEnd(tokens, value.close) : parsed.text.length;
    case 'scalar':
      return tokEnd(tokens, value.last !== -1 ? value.last : value.minus);
    case 'missing':
      if (value.consumed) return tokEnd(tokens, value.at);
      return field
        ? tokEnd(tokens, field.colon !== -1 ? field.colon : field.nameLast)
        : tokStart(tokens, value.at);
    case 'skipped':
      return tokEnd(tokens, value.last);
  }
}

export function fieldStart(parsed: ParseResult, f: FieldNode): number {
  return tokStart(parsed.tokens, f.nameFirst);
}

export function fieldEnd(parsed: ParseResult, f: FieldNode): number {
  if (f.separator !== -1) return tokEnd(parsed.tokens, f.separator);
  return valueEnd(parsed, f.value, f);
}

/**
 * Finds what is at `offset`: the chain of fields whose values contain it. An offset at the end of a
 * name counts as in the name (the cursor right after `max_batch_si|`).
 */
export function locate(parsed: ParseResult, schema: Schema, rootType: string, offset: number): Location {
  const { tokens } = parsed;
  const path: PathStep[] = [];
  let items: BodyItem[] = parsed.document.fields;
  let container: MessageType | undefined = schema.message(rootType);
  for (;;) {
    const node = items.find(
      (f): f is FieldNode =>
        f.type === 'field' && fieldStart(parsed, f) <= offset && offset <= fieldEnd(parsed, f),
    );
    if (!node) return { path, container, part: 'body' };
    const field = container?.fieldsByName.get(node.name);
    path.push({ node, field, parent: container });
    if (offset <= tokEnd(tokens, node.nameLast)) return { path, container, part: 'name' };
    const childType = field?.type === 'message' ? schema.message(field.typeName!) : undefined;
    const value = node.value;
    let inner: BodyItem[] | undefined;
    if (
      value.type === 'message' &&
      offset > tokStart(tokens, value.open) &&
      (value.close === -1 || offset <= tokStart(tokens, value.close))
    ) {
      inner = value.fields;
    } else if (value.type === 'list') {
      const item = value.items.find(
        (m) =>
          m.type === 'message' &&
          offset > tokStart(tokens, m.open) &&
          (m.close === -1 || offset <= tokStart(tokens, m.close)),
      );
      if (item?.type === 'message') inner = item.fields;
    }
    if (!inner) return { path, container, part: 'value' };
    items = inner;
    container = childType;
  }
}

/** `ModelConfig.dynamic_batching.max_queue_delay_microseconds` for a path. */
export function pathLabel(path: readonly PathStep[], rootType: string): string {
  return [rootType.split('.').pop(), ...path.map((s) => s.node.name)].join('.');
}

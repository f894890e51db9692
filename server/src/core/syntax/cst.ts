/**
 * The concrete syntax tree. Nodes refer to tokens by index into the token array (see tokens.ts);
 * offsets are computed from the tokens when needed. Every significant token belongs to exactly one
 * node, so printing the tree gives back the input text character for character.
 */

export interface DocumentNode {
  type: 'document';
  fields: BodyItem[];
}

/** What can stand in a message body: a field, or tokens skipped while recovering from an error. */
export type BodyItem = FieldNode | SkippedNode;

export interface FieldNode {
  type: 'field';
  /** The field's name as written (for an extension `[a.b]`, the text between the brackets). */
  name: string;
  nameKind: 'ident' | 'extension' | 'placeholder';
  /** First and last token of the name (`[` and `]` for an extension name). */
  nameFirst: number;
  nameLast: number;
  /** Token index of the `:` or -1. */
  colon: number;
  value: ValueNode;
  /** Token index of a trailing `;` or `,`, or -1. */
  separator: number;
}

export type ValueNode = MessageNode | ListNode | ScalarNode | MissingNode;

export interface MessageNode {
  type: 'message';
  /** Token index of `{` or `<`. */
  open: number;
  /** Token index of the closing bracket (which may be the wrong one, see `mismatched`), or -1. */
  close: number;
  mismatched: boolean;
  fields: BodyItem[];
}

export interface ListNode {
  type: 'list';
  open: number;
  close: number;
  items: ListItem[];
  /** Token indices of the commas between items. */
  commas: number[];
}

export type ListItem = MessageNode | ScalarNode | MissingNode | SkippedNode;

/**
 * A scalar value: an optional `-`, then one token (number, identifier, placeholder), or one or more
 * adjacent string tokens (libprotobuf concatenates them).
 */
export interface ScalarNode {
  type: 'scalar';
  /** Token index of a leading `-`, or -1. */
  minus: number;
  /** First and last token of the value; -1 when a `-` is followed by nothing usable. */
  first: number;
  last: number;
}

/**
 * A value that is not there. `at` is the significant token found instead (possibly EOF or the start
 * of the next field). When `consumed` is true that token is a stray symbol owned by this node.
 */
export interface MissingNode {
  type: 'missing';
  at: number;
  consumed: boolean;
}

/** Tokens skipped during error recovery; kept so that the tree stays lossless. */
export interface SkippedNode {
  type: 'skipped';
  first: number;
  last: number;
}

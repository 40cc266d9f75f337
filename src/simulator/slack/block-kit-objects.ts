/**
 * Checks for Block Kit composition objects (text, option, confirm) and interactive elements.
 * Every check appends a precise problem to `out`, naming the JSON path, so a renderer test that
 * fails says which field broke which limit. Lengths count UTF-16 code units (stricter than or
 * equal to what Slack counts, so a message passing here will not be refused for its length).
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends a problem when `value` is not a string or is longer than `max`. */
export function checkString(
  value: unknown,
  path: string,
  max: number,
  out: string[],
  { required = false }: { required?: boolean } = {},
): void {
  if (value === undefined) {
    if (required) out.push(`${path} is required`);
    return;
  }
  if (typeof value !== 'string') {
    out.push(`${path} must be a string`);
    return;
  }
  if (value.length > max) out.push(`${path} is ${value.length} characters; the limit is ${max}`);
}

interface TextRules {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

const textObjectKeys = new Set(['type', 'text', 'emoji', 'verbatim']);

/** A `plain_text` or `mrkdwn` text object: known keys only, non-empty text within `max`. */
export function checkText(value: unknown, path: string, rules: TextRules, out: string[]): void {
  if (value === undefined) {
    if (rules.required) out.push(`${path} is required`);
    return;
  }
  if (!isObject(value)) {
    out.push(`${path} must be a text object ({type, text})`);
    return;
  }
  const { type, text } = value;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    out.push(`${path}.type must be plain_text or mrkdwn (got ${JSON.stringify(type)})`);
    return;
  }
  if (rules.plainOnly && type !== 'plain_text') out.push(`${path}.type must be plain_text (got ${type})`);
  for (const key of Object.keys(value)) {
    if (!textObjectKeys.has(key)) out.push(`${path}.${key} is not a text object field`);
  }
  if ('emoji' in value && type !== 'plain_text') out.push(`${path}.emoji is only allowed on plain_text`);
  if ('verbatim' in value && type !== 'mrkdwn') out.push(`${path}.verbatim is only allowed on mrkdwn`);
  if (typeof text !== 'string' || text.length === 0) {
    out.push(`${path}.text must be a non-empty string`);
    return;
  }
  if (text.length > rules.max)
    out.push(`${path}.text is ${text.length} characters; the limit is ${rules.max}`);
}

/** The confirm dialog a button or menu can carry (all four texts are required). */
export function checkConfirm(value: unknown, path: string, out: string[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    out.push(`${path} must be a confirm object`);
    return;
  }
  checkText(value.title, `${path}.title`, { max: 100, plainOnly: true, required: true }, out);
  checkText(value.text, `${path}.text`, { max: 300, required: true }, out);
  checkText(value.confirm, `${path}.confirm`, { max: 30, plainOnly: true, required: true }, out);
  checkText(value.deny, `${path}.deny`, { max: 30, plainOnly: true, required: true }, out);
  checkStyle(value.style, `${path}.style`, out);
}

function checkStyle(value: unknown, path: string, out: string[]): void {
  if (value !== undefined && value !== 'primary' && value !== 'danger') {
    out.push(`${path} must be "primary" or "danger"`);
  }
}

/** An options list: `min`..`max` options, each text ≤ 75 and value ≤ 150. */
export function checkOptions(
  value: unknown,
  path: string,
  { min, max, plainOnly }: { min: number; max: number; plainOnly: boolean },
  out: string[],
): void {
  if (!Array.isArray(value)) {
    out.push(`${path} must be an array`);
    return;
  }
  if (value.length < min) out.push(`${path} has ${value.length} options; at least ${min} are required`);
  if (value.length > max) out.push(`${path} has ${value.length} options; the limit is ${max}`);
  value.forEach((option, i) => {
    checkOption(option, `${path}[${i}]`, plainOnly, out);
  });
}

function checkOption(option: unknown, path: string, plainOnly: boolean, out: string[]): void {
  if (!isObject(option)) {
    out.push(`${path} must be an option object`);
    return;
  }
  checkText(option.text, `${path}.text`, { max: 75, plainOnly, required: true }, out);
  checkString(option.value, `${path}.value`, 150, out, { required: true });
  checkText(option.description, `${path}.description`, { max: 75, plainOnly: true }, out);
  checkString(option.url, `${path}.url`, 3000, out);
}

const selectTypes = new Set([
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
]);

const simpleInputTypes = new Set([
  'plain_text_input',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
]);

/** An interactive (or image) element in an actions block, section accessory or input block. */
export function checkElement(element: unknown, path: string, out: string[]): void {
  if (!isObject(element)) {
    out.push(`${path} must be an element object`);
    return;
  }
  const type = element.type;
  if (type === 'image') {
    checkString(element.image_url, `${path}.image_url`, 3000, out, {
      required: element.slack_file === undefined,
    });
    checkString(element.alt_text, `${path}.alt_text`, 2000, out, { required: true });
    return;
  }
  checkString(element.action_id, `${path}.action_id`, 255, out);
  checkConfirm(element.confirm, `${path}.confirm`, out);
  if (type === 'button') {
    checkText(element.text, `${path}.text`, { max: 75, plainOnly: true, required: true }, out);
    checkString(element.value, `${path}.value`, 2000, out);
    checkString(element.url, `${path}.url`, 3000, out);
    checkStyle(element.style, `${path}.style`, out);
  } else if (type === 'overflow') {
    checkOptions(element.options, `${path}.options`, { min: 2, max: 5, plainOnly: true }, out);
  } else if (type === 'checkboxes' || type === 'radio_buttons') {
    checkOptions(element.options, `${path}.options`, { min: 1, max: 10, plainOnly: false }, out);
  } else if (typeof type === 'string' && selectTypes.has(type)) {
    checkText(element.placeholder, `${path}.placeholder`, { max: 150, plainOnly: true }, out);
    if (type === 'static_select' || type === 'multi_static_select') checkStaticOptions(element, path, out);
  } else if (typeof type === 'string' && simpleInputTypes.has(type)) {
    checkText(element.placeholder, `${path}.placeholder`, { max: 150, plainOnly: true }, out);
  } else {
    out.push(`${path}.type ${JSON.stringify(type)} is not a known element type`);
  }
}

function checkStaticOptions(element: Json, path: string, out: string[]): void {
  if (element.option_groups === undefined) {
    checkOptions(element.options, `${path}.options`, { min: 1, max: 100, plainOnly: true }, out);
    return;
  }
  if (!Array.isArray(element.option_groups)) {
    out.push(`${path}.option_groups must be an array`);
    return;
  }
  if (element.option_groups.length > 100) {
    out.push(`${path}.option_groups has ${element.option_groups.length} groups; the limit is 100`);
  }
  element.option_groups.forEach((group: unknown, i: number) => {
    const groupPath = `${path}.option_groups[${i}]`;
    if (!isObject(group)) {
      out.push(`${groupPath} must be an option group object`);
      return;
    }
    checkText(group.label, `${groupPath}.label`, { max: 75, plainOnly: true, required: true }, out);
    checkOptions(group.options, `${groupPath}.options`, { min: 1, max: 100, plainOnly: true }, out);
  });
}

// Where a Triton TensorRT-LLM image keeps the backend's model templates, which template families
// ("layouts") a copied directory holds, and the values file that goes with a new repository. Pure data
// and functions: the copying itself (Docker's archive API, tar, the file system) is in
// server/src/fromImage/.
import { FILL_TEMPLATE_DEFAULTS } from './fillTemplateArgs';
import { VALUES_FILE } from './values';

/** A directory of an image that may hold `all_models` (one sub-directory per layout). */
export interface TemplateSearchPath {
  path: string;
  /** Why we look there (the source). */
  why: string;
  /** Seen in NVIDIA's NGC -trtllm-python-py3 images. No path is yet: none has been inspected here. */
  confirmed: boolean;
}

/**
 * Searched in this order; the first that holds a known layout wins. Data, documented in the README: add a
 * path here when an image is found to keep its templates elsewhere.
 */
export const TEMPLATE_SEARCH_PATHS: readonly TemplateSearchPath[] = [
  {
    path: '/app/all_models',
    why:
      "the backend's Dockerfile copies all_models to /app from 25.01 on (llmapi from 25.05), and its README uses " +
      '/app/all_models/inflight_batcher_llm (TRTLLM_VERIFIED.md 3); images up to 24.12 have no /app (user reports)',
    confirmed: false,
  },
  {
    path: '/app/tensorrt_llm/triton_backend/all_models',
    why:
      'since May 2025 the backend lives in TensorRT-LLM under triton_backend/; no Dockerfile puts it here (NVIDIA ' +
      'now has users clone TensorRT-LLM and use its triton_backend/all_models), so this is only a last look',
    confirmed: false,
  },
];

export type LayoutName = 'inflight_batcher_llm' | 'llmapi';

export interface Layout {
  name: LayoutName;
  /** For the pick list: which path it is. */
  label: string;
  description: string;
  /** Model directories the layout has in the backend's releases (not all need be present). */
  models: readonly string[];
  /** Files that must be present for the layout to count as found (relative to the layout directory). */
  required: readonly string[];
  /** The file to open first after a new repository is created. */
  mainFile: string;
}

/** In order of preference: the first found is the default when the user does not choose. */
export const LAYOUTS: readonly Layout[] = [
  {
    name: 'inflight_batcher_llm',
    label: 'Engine (inflight_batcher_llm)',
    description: 'a TensorRT engine built with trtllm-build; ensemble, pre/postprocessing, tensorrt_llm, BLS',
    models: ['ensemble', 'preprocessing', 'tensorrt_llm', 'postprocessing', 'tensorrt_llm_bls'],
    required: ['tensorrt_llm/config.pbtxt'],
    mainFile: 'tensorrt_llm/config.pbtxt',
  },
  {
    name: 'llmapi',
    label: 'No engine (llmapi)',
    description: 'the LLM API loads a Hugging Face checkpoint; one tensorrt_llm model with 1/model.yaml',
    models: ['tensorrt_llm'],
    required: ['tensorrt_llm/config.pbtxt', 'tensorrt_llm/1/model.yaml'],
    mainFile: 'tensorrt_llm/1/model.yaml',
  },
];

export function isLayoutName(name: string): name is LayoutName {
  return LAYOUTS.some((l) => l.name === name);
}

export interface FoundLayout {
  layout: Layout;
  /** The layout's model directories that hold a config.pbtxt, in the layout's order. */
  models: string[];
}

/**
 * The layouts among copied files (paths relative to the copied `all_models`, '/'-separated). A layout
 * counts only with all its required files, so a stray directory of the same name is not offered.
 */
export function findLayouts(files: readonly string[]): FoundLayout[] {
  const present = new Set(files);
  const found: FoundLayout[] = [];
  for (const layout of LAYOUTS) {
    if (!layout.required.every((f) => present.has(`${layout.name}/${f}`))) continue;
    const models = layout.models.filter((m) => present.has(`${layout.name}/${m}/config.pbtxt`));
    found.push({ layout, models });
  }
  return found;
}

export type LayoutChoice = { ok: true; found: FoundLayout } | { ok: false; message: string };

/** The requested layout if it was found; without a request, the first found in LAYOUTS' order. */
export function chooseLayout(found: readonly FoundLayout[], requested?: string): LayoutChoice {
  const names = found.map((f) => f.layout.name).join(', ') || 'none';
  if (requested === undefined) {
    const first = found[0];
    return first ? { ok: true, found: first } : { ok: false, message: 'no template layout was found' };
  }
  if (!isLayoutName(requested)) {
    return {
      ok: false,
      message: `unknown layout "${requested}": choose ${LAYOUTS.map((l) => l.name).join(' or ')}`,
    };
  }
  const match = found.find((f) => f.layout.name === requested);
  return match
    ? { ok: true, found: match }
    : { ok: false, message: `the image has no "${requested}" templates (found: ${names})` };
}

/** What happened at one search path. */
export interface SearchResult {
  path: string;
  outcome: 'missing' | 'no-layout' | 'found';
}

/** The explanation when an image holds no templates: every path looked for, and what was there. */
export function describeNotFound(image: string, searched: readonly SearchResult[]): string {
  const lines = searched.map((s) => {
    const at = TEMPLATE_SEARCH_PATHS.find((p) => p.path === s.path);
    const what =
      s.outcome === 'missing'
        ? 'not in the image'
        : s.outcome === 'no-layout'
          ? `present, but without ${LAYOUTS.map((l) => `${l.name}/${l.required.join(' + ')}`).join(' or ')}`
          : 'found';
    return `  ${s.path}: ${what}${at && !at.confirmed ? ' (an expected place, unconfirmed)' : ''}`;
  });
  return [
    `No TensorRT-LLM backend templates in the image ${image}. Looked for ${LAYOUTS.map((l) => l.name).join(' and ')} in:`,
    ...lines,
    'Use an image of the TensorRT-LLM backend (nvcr.io/nvidia/tritonserver:<yy.mm>-trtllm-python-py3), or copy ' +
      'all_models from the backend release that matches it.',
  ].join('\n');
}

/** Variables of the copied templates, by model, as the core's scanner (templateVariables) lists them. */
export interface ScannedModel {
  model: string;
  variables: readonly string[];
}

/**
 * The values file of a new repository: every variable of its templates, ready to fill. A variable of one
 * model goes under `models.<model>`, one shared by several models under `values`. Values are empty
 * (an empty parameter means "not set" to every TensorRT-LLM reader; an empty whole value makes the render
 * stop at it, which is what it should do until it is filled), except fill_template.py's two defaults.
 */
export function newValuesFile(scanned: readonly ScannedModel[], schemaUrl?: string): string {
  const users = new Map<string, string[]>();
  for (const m of scanned) {
    for (const v of new Set(m.variables)) users.set(v, [...(users.get(v) ?? []), m.model]);
  }
  const initial = (name: string): string | number => {
    const d = FILL_TEMPLATE_DEFAULTS[name];
    return d !== undefined && /^\d+$/.test(d) ? Number(d) : (d ?? '');
  };
  const values: Record<string, string | number> = {};
  const models: Record<string, Record<string, string | number>> = {};
  for (const name of [...users.keys()].sort()) {
    const used = users.get(name)!;
    if (used.length > 1) values[name] = initial(name);
    else (models[used[0]!] ??= {})[name] = initial(name);
  }
  const sortedModels: typeof models = {};
  for (const m of Object.keys(models).sort()) sortedModels[m] = models[m]!;
  const file = {
    ...(schemaUrl ? { $schema: schemaUrl } : {}),
    values,
    models: sortedModels,
  };
  return JSON.stringify(file, null, 2) + '\n';
}

export { VALUES_FILE };

// The core's public surface. The LSP server and the CLI import from here only.
export { checkConfigText, checkConfigProblems } from './check/checkConfig';
export type { ConfigCheck } from './check/checkConfig';
export { parse } from './syntax/parser';
export type { ParseResult } from './syntax/parser';
export { CODES, defaultSeverity } from './diagnostics/registry';
export type { DiagnosticCode } from './diagnostics/registry';
export type { Diagnostic, Position, Range, RelatedLocation, Severity } from './diagnostics/types';
export { LineIndex } from './text/lineIndex';
export { modelConfigSchema, MODEL_CONFIG_TYPE } from './schema/modelConfigSchema';
export { checkPaths, reportRepository, CONFIG_FILE } from './check/checkPaths';
export type { CheckOptions, CheckReport, FileReport, PathFailure } from './check/checkPaths';
export type { FileSystem } from './check/fileSystem';
export { discoverRepositories, IGNORE_FILE } from './check/discoverRepositories';
export type { Discovery, DiscoveryOptions } from './check/discoverRepositories';
export { loadRepository, loadModel } from './check/loadRepository';
export { RepositoryAnalysis } from './check/repositoryAnalysis';
export type { AnalysisUpdate } from './check/repositoryAnalysis';
export { MAX_DIAGNOSTICS_PER_FILE } from './diagnostics/cap';
export { runRules } from './rules/runRules';
export { readEngineConfig, worldSize } from './engine/engineConfig';
export type { EngineConfig, EngineConfigResult, EngineField } from './engine/engineConfig';
export type { EngineUnderCheck } from './engine/findEngine';
export { serverImage } from './engine/images';
export type { ServerImage } from './engine/images';
export { autofill } from './rules/autofill';
export type { Autofilled, AutofillOptions } from './rules/autofill';
export type {
  CheckedModel,
  ModelRule,
  ModelUnderCheck,
  RepositoryRule,
  RepositoryUnderCheck,
  RuleOptions,
  RuleProblem,
} from './rules/types';
export * from './model/configModel';
export { ConfigDocument } from './services/languageService';
export type { QuickFix } from './services/codeActions';
export type { CompletionResult } from './services/completion';
export type { FormatOptions, TextEdit } from './services/format';
export { formatText } from './services/format';
export type { HoverResult } from './services/hover';
export type { FoldingRange } from './services/structure';
export type { OutlineSymbol, SymbolKind } from './services/symbols';
export { definition, references, nameCompletions } from './services/navigation';
export type { FileLocation, NameCompletion } from './services/navigation';
export { autoCompleteOffer, onnxHover, onnxNameCompletions } from './services/onnxEditor';
export type { AutoCompleteOffer } from './services/onnxEditor';
export { readOnnxSignature } from './onnx/readOnnx';
export type { OnnxRead, OnnxSignature, OnnxValueInfo, ReadBytes } from './onnx/readOnnx';
// Issue 5: template rendering (fill_template.py semantics, values with their sources).
export { substitute, substituteTracked, findPlaceholders } from './templates/substitute';
export type { PlaceholderMatch, Replacement } from './templates/substitute';
export { parseFillTemplateArgs, splitEscaped, FILL_TEMPLATE_DEFAULTS } from './templates/fillTemplateArgs';
export { ENV_PREFIX, VALUES_FILE, MODEL_ALIASES, valuesFileSchema, modelsForAlias } from './templates/values';
export type { ValueEntry, ValueInputs, ValueSource } from './templates/values';
export { renderRepository, templateVariables } from './templates/render';
export type {
  CopiedFile,
  EffectiveValue,
  ModelTemplate,
  RenderResult,
  RenderedFile,
  TemplateVariable,
} from './templates/render';
export type { PlaceholderUse, UseKind } from './templates/uses';
export { describeSource } from './templates/sources';
export { checkModelYaml, MODEL_YAML, yamlReleaseFor } from './llmapi/checkModelYaml';
export type { ModelYamlCheck, ModelYamlFacts, YamlRelease } from './llmapi/checkModelYaml';
export { ModelYamlDocument } from './llmapi/modelYamlDocument';
export type { YamlCompletion, YamlHover } from './llmapi/modelYamlDocument';
export { MODEL_YAML_KEYS, keyInfoAt } from './llmapi/modelYamlKeys';
export type { YamlKeyInfo } from './llmapi/modelYamlKeys';
export { llmapiModelFiles, llmapiLayoutProblem } from './llmapi/layout';
export type { LayoutFile, LlmapiLayoutOptions } from './llmapi/layout';
export { findValuesFile, isValuesFileName, VALUES_FILE_SUFFIX } from './templates/valuesFile';
export { judgePlaceholders, placeholderProblems, PLACEHOLDER_CODES } from './templates/judge';
export type { PlaceholderReading, PlaceholderContext } from './templates/judge';
export { repositoryValues, judgeReports, RENDER_MANIFEST } from './templates/repositoryValues';
export type { RepositoryValues, RepositoryValuesOptions } from './templates/repositoryValues';
export { typedValueFor } from './templates/typedValue';
export type { TypedValue } from './templates/typedValue';
export { placeholderUses } from './templates/uses';

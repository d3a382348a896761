export {
  TEMPLATES,
  TEMPLATE_NAMES,
  POLICY_VARIABLES,
  isTemplateName,
  type TemplateName,
  type TemplateSpec,
  type VariableSpec,
  type VariableType,
} from './spec.js';
export {
  BUILT_IN_CATALOG,
  SUPPORT_KEYS,
  mergeCatalog,
  validateCatalog,
  requiredKeys,
  type Catalog,
  type CatalogOverride,
  type LanguageCatalog,
} from './catalog.js';
export {
  renderComment,
  renderSupportText,
  audienceLocale,
  TemplateError,
  type RenderOptions,
  type RenderedComment,
  type TemplatePolicy,
} from './render.js';
export {
  languageOf,
  formattingLocale,
  formatMoment,
  formatInterval,
  localDate,
  LANGUAGES,
  type Language,
} from './format.js';
export { parseTemplate, placeholdersOf, TemplateSyntaxError } from './syntax.js';
export { EXAMPLES } from './examples.js';
export { renderInvite, type InviteRequest } from './invite.js';

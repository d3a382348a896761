import { createGlobalStyle } from 'styled-components';
import type { IGardenTheme } from '@zendeskgarden/react-theming';

type Themed = { theme?: unknown };
const theme = (p: Themed) => p.theme as IGardenTheme;
const space = (size: keyof IGardenTheme['space']) => (p: Themed) => theme(p).space[size];
const fontSize = (size: keyof IGardenTheme['fontSizes']) => (p: Themed) => theme(p).fontSizes[size];
const grey = (shade: number) => (p: Themed) => theme(p).palette.grey?.[shade] ?? 'grey';

// The sidebar's few own styles, from Garden's tokens; no template CSS in a 320 px column.
export const GlobalStyle = createGlobalStyle`
  /* The frame follows the content's height (useResize): a scrollbar of its own would only ever show a few pixels. */
  html, body { overflow-y: hidden; }
  body { margin: 0; font-family: ${(p) => theme(p).fonts.system}; font-size: ${fontSize('md')}; }
  .uw-root { padding: ${space('xs')}; }
  .uw-panel { margin-block: ${space('sm')}; }
  .uw-heading { display: flex; gap: ${space('xs')}; align-items: center; margin-bottom: ${space('xs')}; }
  .uw-h2 { font-size: ${fontSize('lg')}; margin: 0; }
  .uw-h4 { font-size: ${fontSize('sm')}; color: ${grey(700)}; margin: ${space('sm')} 0 0; text-transform: uppercase; }
  .uw-row { display: flex; gap: ${space('xs')}; align-items: center; justify-content: space-between; }
  .uw-reasons { list-style: none; margin: ${space('xxs')} 0 0; padding: 0; overflow-wrap: anywhere; }
  .uw-quote { margin: ${space('xxs')} 0; padding-inline-start: ${space('xs')}; border-inline-start: 3px solid ${grey(300)};
    color: ${grey(700)}; white-space: pre-wrap; }
  .uw-h3 { font-size: ${fontSize('md')}; margin: ${space('sm')} 0 ${space('xs')}; }
  .uw-muted { color: ${grey(700)}; margin: ${space('xxs')} 0; }
  .uw-status { display: flex; gap: ${space('xs')}; align-items: center; }
  .uw-list { list-style: none; margin: 0; padding: 0; }
  .uw-list > li { padding-block: ${space('xs')}; border-bottom: 1px solid ${grey(200)}; }
  .uw-buttons { display: flex; flex-wrap: wrap; gap: ${space('xs')}; margin-top: ${space('xs')}; }
  .uw-preview { white-space: pre-wrap; font-family: inherit; background: ${grey(100)};
    padding: ${space('xs')}; max-height: 240px; overflow: auto; }
  .uw-alert-text { margin: ${space('xxs')} 0; }
  .uw-field { margin-bottom: ${space('xs')}; }
  dl.uw-facts { margin: 0; }
  dl.uw-facts dt { font-weight: 600; }
  dl.uw-facts dd { margin: 0 0 ${space('xxs')}; }
`;

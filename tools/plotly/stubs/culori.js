// plotly.js takes five functions from culori's full CommonJS build, which carries every colour space
// culori knows. Colours in this dashboard are CSS colours, so this entry registers the colour spaces
// CSS can name (culori's own "css" bootstrap) and takes the same functions from culori's
// tree-shakable entry: the same parsing of every CSS colour, at a third of the size.
import 'culori/css';
export { converter, formatHex, formatRgb, wcagContrast, wcagLuminance } from 'culori/fn';

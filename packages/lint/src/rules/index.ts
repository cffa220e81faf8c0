import type { Rule } from '../rule.js';
import MF001 from './MF001.js';
import MF002 from './MF002.js';
import MF003 from './MF003.js';
import MF004 from './MF004.js';
import MF005 from './MF005.js';
import MF006 from './MF006.js';
import MF007 from './MF007.js';
import MF008 from './MF008.js';
import MF009 from './MF009.js';
import MF010 from './MF010.js';
import MF011 from './MF011.js';
import MF012 from './MF012.js';
import MF013 from './MF013.js';
import MF014 from './MF014.js';
import MF015 from './MF015.js';
import MF016 from './MF016.js';
import MF017 from './MF017.js';
import MF018 from './MF018.js';
import MF019 from './MF019.js';
import MF020 from './MF020.js';
import MF021 from './MF021.js';
import MF022 from './MF022.js';

/** Every rule, in id order. */
export const allRules: readonly Rule[] = [
  MF001,
  MF002,
  MF003,
  MF004,
  MF005,
  MF006,
  MF007,
  MF008,
  MF009,
  MF010,
  MF011,
  MF012,
  MF013,
  MF014,
  MF015,
  MF016,
  MF017,
  MF018,
  MF019,
  MF020,
  MF021,
  MF022,
] as Rule[];

/** The rule the linter uses to report unused `# mfc-disable` comments. */
export { default as UNUSED_DIRECTIVE_RULE } from './MF015.js';

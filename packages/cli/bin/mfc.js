#!/usr/bin/env node
// The CLI is bundled by scripts/build.mjs; commands load lazily from chunks.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));

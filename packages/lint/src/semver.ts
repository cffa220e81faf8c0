const NUM = '(0|[1-9][0-9]*)';
const PRERELEASE_ID = '(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)';
const BUILD_ID = '[0-9A-Za-z-]+';
const FULL = new RegExp(
  `^v${NUM}\\.${NUM}\\.${NUM}(?:-${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*)?(?:\\+${BUILD_ID}(?:\\.${BUILD_ID})*)?$`,
);
const SHORT = new RegExp(`^v${NUM}(?:\\.${NUM})?$`);

/**
 * golang.org/x/mod/semver `IsValid`: `v` + MAJOR[.MINOR[.PATCH[-pre][+build]]],
 * no leading zeros; the shorthands `v1` and `v1.2` take no pre-release or build.
 */
export function isValidGoSemver(v: string): boolean {
  return FULL.test(v) || SHORT.test(v);
}

/** Ollama's REQUIRES check: a `v` is added when missing, then Go's semver must accept it. */
export function isValidRequires(value: string): boolean {
  return isValidGoSemver(value.startsWith('v') ? value : `v${value}`);
}

/**
 * Where the Python that runs the mapping harness lives: a venv with the pinned Django and pydantic
 * (requirements-test.txt), because the harness checks bodies and emails with the real libraries authentik uses.
 *
 * `AWS_IC_AUTHENTIK_PYTHON` names an interpreter explicitly; otherwise the venv that `.ci/run` (and the README's
 * install command) creates under `${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik/venv-test`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const PYTHON_ENV_VAR = "AWS_IC_AUTHENTIK_PYTHON";

/** The cache directory the project keeps outside the repository. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
    return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "aws-identity-center-authentik");
}

export const INSTALL_COMMAND =
    'python3 -m venv "${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik/venv-test" && ' +
    '"${XDG_CACHE_HOME:-$HOME/.cache}/aws-identity-center-authentik/venv-test/bin/pip" install -r requirements-test.txt';

/** The harness interpreter, or an error that says how to install it. */
export function harnessPython(env: NodeJS.ProcessEnv = process.env): string {
    const explicit = env[PYTHON_ENV_VAR];
    if (explicit) {
        if (!fs.existsSync(explicit)) throw new Error(`${PYTHON_ENV_VAR}=${explicit} does not exist`);
        return explicit;
    }
    const venvPython = path.join(cacheDir(env), "venv-test", "bin", "python");
    if (!fs.existsSync(venvPython)) {
        throw new Error(
            `The mapping harness needs Python with the pinned Django and pydantic, and ${venvPython} does not exist. ` +
                `Install it once (from the repository root) with:\n  ${INSTALL_COMMAND}\nor ` +
                `set ${PYTHON_ENV_VAR} to an interpreter that has them.`,
        );
    }
    return venvPython;
}

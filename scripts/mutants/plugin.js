'use strict';
// The conda plugin's guard and post-command, and setup's plugin rollback, against a real conda.
// Rows: [name, file, exact text to find, replacement, test command, needs a build (the CLI runs dist/)].
const { jest } = require('./jest');

module.exports = [
  // --- The conda plugin (python-shim/): the hook guard and the post-command, against a real conda.
  [
    'plugin guard catches only RuntimeError (an API mismatch breaks conda)',
    'python-shim/gocondad_conda/plugin.py',
    '        except Exception as err:\n            say("plugin hook',
    '        except RuntimeError as err:\n            say("plugin hook',
    jest('test/integration/conda-plugin-real-guard.test.ts'),
    false,
  ],
  [
    'plugin guard lets the error through',
    'python-shim/gocondad_conda/plugin.py',
    '(conda is unaffected): %s" % (hook.__name__, err), once_key="hook failed")\n            return []',
    '(conda is unaffected): %s" % (hook.__name__, err), once_key="hook failed")\n            raise',
    jest('test/integration/conda-plugin-real-guard.test.ts'),
    false,
  ],
  [
    'post-command catches only RuntimeError',
    'python-shim/gocondad_conda/post_command.py',
    'except BaseException as err:  # noqa: B036',
    'except RuntimeError as err:  # noqa: B036',
    jest('test/integration/conda-plugin-real-guard.test.ts', '-t', 'post-command'),
    false,
  ],
  [
    'post-command refreshes an env conda removed',
    'python-shim/gocondad_conda/post_command.py',
    '        if not is_env(prefix):\n            return\n',
    '',
    jest('test/integration/conda-plugin.test.ts', '-t', 'removed env'),
    false,
  ],
  // --- setup's plugin rollback (src/setup/execute.ts, plugin.ts), against a real conda and pip.
  [
    'setup keeps a plugin conda cannot load',
    'src/setup/execute.ts',
    '  const undo = uninstallPlugin(step.python, env, run);\n',
    '  const undo = { status: 0 };\n',
    jest('test/integration/setup.test.ts', '-t', 'cannot load'),
    false,
  ],
  [
    "setup's check runs with the user's CONDA_NO_PLUGINS (plugins off: every plugin passes)",
    'src/setup/plugin.ts',
    '  delete withPlugins.CONDA_NO_PLUGINS;\n',
    '',
    jest('test/integration/setup.test.ts', '-t', 'CONDA_NO_PLUGINS'),
    false,
  ],
];
